# Messaggi dell'interfaccia di PSPM — italiano.
# Ogni chiave del catalogo inglese deve esistere anche in it, es e lv (lo verifica un test unitario).

app-name = PSPM
app-tagline = Pianificazione strategica partecipata
skip-to-content = Vai al contenuto principale
lang-switcher-label = Lingua
nav-label = Navigazione principale
nav-home = Pagina iniziale
nav-admin = Amministrazione
nav-account = Area personale
nav-sign-in = Accedi
nav-sign-out = Esci ({ $name })
footer-about = PSPM, il Modulo di pianificazione strategica partecipata: piani redatti insieme da enti pubblici e cittadini, buone pratiche condivise, dati aperti.
footer-api = Documentazione delle API (OpenAPI)
footer-status = Stato del servizio

home-title = Pianificare insieme, seguire i risultati
home-lead = Ministeri, regioni, comuni, agenzie e cittadini redigono insieme piani strategici pluriennali, condividono buone pratiche e seguono l'avanzamento con indicatori comuni.
home-plans-title = Piani strategici
home-plans-text = Aree, obiettivi, azioni e indicatori con valori attesi, dalla bozza al monitoraggio.
home-consultations-title = Consultazioni
home-consultations-text = Commentare, proporre azioni, sostenere proposte e conoscere l'esito di ogni contributo.
home-practices-title = Buone pratiche
home-practices-text = Un archivio aperto di pratiche che gli enti pubblici pubblicano e riutilizzano.
home-sign-in-cta = Accedi per partecipare

sign-in-title = Accedi
sign-in-submit = Accedi
title-with-errors = Errore: { $title }

field-email = Indirizzo email
field-password = Password
field-name = Denominazione
field-display-name = Nome e cognome
field-kind = Tipologia
field-level = Livello di governo
field-territory-code = Codice territoriale
field-parent = Organizzazione di livello superiore
field-organisation = Organizzazione
field-role = Ruolo
field-initial-password = Password
field-optional = facoltativo
hint-territory-code = Codice ISTAT o NUTS, solo lettere e cifre, ad esempio ITI4.
hint-password-new = Almeno 10 caratteri. Comunicarla all'interessato tramite un canale sicuro.
hint-password-keep = Lasciare vuoto per mantenere la password attuale.

error-summary-title = Si è verificato un problema
error-generic = Verificare il campo «{ $field }».
error-required = Compilare il campo «{ $field }».
error-too-long = Il campo «{ $field }» è troppo lungo.
error-invalid-characters = Il campo «{ $field }» contiene caratteri non consentiti.
error-invalid-choice = Scegliere un valore valido per il campo «{ $field }».
error-email-invalid = Inserire un indirizzo email nel formato corretto, ad esempio name@example.org.
error-password-too-short = La password deve contenere almeno 10 caratteri.
error-invalid-credentials = L'indirizzo email o la password non sono corretti.
error-too-many-attempts = Troppi tentativi non riusciti. Attendere 15 minuti e riprovare.
error-csrf-invalid = Il modulo è scaduto. Ricaricare la pagina e riprovare.
error-name-taken = Esiste già un'organizzazione con questa denominazione.
error-email-taken = Esiste già un utente con questo indirizzo email.
error-parent-not-found = L'organizzazione di livello superiore non esiste.
error-parent-cycle = Un'organizzazione non può essere collocata sotto sé stessa né sotto una delle organizzazioni che da essa dipendono.
error-organisation-not-found = L'organizzazione non esiste.
error-territory-invalid = Il codice territoriale può contenere solo lettere e cifre.
error-cannot-demote-self = Non è possibile rimuovere il proprio ruolo di amministratore.
error-confirm-required = Selezionare la casella per confermare l'eliminazione del proprio account.
error-user-deleted = Questo account è stato eliminato e non può essere modificato.

error-page-home-link = Vai alla pagina iniziale
error-page-400-title = Non è stato possibile interpretare la richiesta
error-page-400-text = Verificare l'indirizzo o il modulo e riprovare.
error-page-401-title = Accedi per continuare
error-page-401-text = Questa pagina è riservata agli utenti che hanno effettuato l'accesso.
error-page-403-title = Accesso a questa pagina non consentito
error-page-403-text = Il ruolo assegnato non consente questa operazione. Se si ritiene che debba consentirla, contattare un amministratore.
error-page-404-title = Pagina non trovata
error-page-404-text = Se l'indirizzo è stato digitato, verificare che sia corretto. Se è stato incollato, verificare di averlo copiato per intero.
error-page-409-title = Non è stato possibile salvare
error-page-409-text = Nel frattempo qualcun altro ha modificato gli stessi dati. Ricaricare la pagina e riprovare.
error-page-429-title = Troppi tentativi
error-page-429-text = Attendere qualche minuto e riprovare.
error-page-500-title = Siamo spiacenti, si è verificato un problema con il servizio
error-page-500-text = Riprovare più tardi. I dati già salvati sono al sicuro.
error-page-503-title = Il servizio è temporaneamente non disponibile
error-page-503-text = La banca dati non è raggiungibile. Riprovare tra qualche minuto.
error-page-413-title = I dati inviati sono troppo grandi
error-page-413-text = Inviare meno dati alla volta e riprovare.
error-page-csrf-title = Il modulo è scaduto
error-page-csrf-text = Per la Sua sicurezza, i moduli possono essere inviati solo da questo sito ed entro un tempo limitato. Tornare indietro, ricaricare la pagina e inviare di nuovo il modulo.

account-title = Area personale
account-export-title = Esportazione dei dati personali
account-export-text = È possibile ottenere una copia di tutti i dati conservati che La riguardano, in un file JSON.
account-export-link = Scarica i miei dati (JSON)
account-delete-title = Eliminazione dell'account
account-delete-text = I Suoi dati personali saranno rimossi e la sessione verrà chiusa. I contributi inviati restano, attribuiti a un ex partecipante. L'operazione non può essere annullata.
account-delete-confirm = Sono consapevole che il mio account sarà eliminato
account-delete-submit = Elimina il mio account
former-participant = Ex partecipante

admin-sections = Sezioni di amministrazione
admin-organisations = Organizzazioni
admin-users = Utenti
org-new = Aggiungi un'organizzazione
org-edit = Modifica organizzazione
user-new = Aggiungi un utente
user-edit = Modifica utente
notice-saved = Le modifiche sono state salvate.
back-to-list = Torna all'elenco
save = Salva
edit = Modifica
actions = Azioni
choose = Selezionare…
none = Nessuna

pager-label = Paginazione
pager-status = Pagina { $page } di { $pages } ({ $total } in totale)
pager-previous = Pagina precedente
pager-next = Pagina successiva

org-kind-ministry = Ministero
org-kind-region = Regione
org-kind-province = Provincia
org-kind-municipality = Comune
org-kind-agency = Agenzia
org-kind-other-public = Altro ente pubblico
org-kind-nonprofit = Organizzazione senza scopo di lucro
org-kind-company = Impresa
org-kind-university = Università
org-kind-citizen-group = Gruppo di cittadini

org-level-eu = Unione europea
org-level-national = Nazionale
org-level-regional = Regionale
org-level-local = Locale

role-admin = Amministratore
role-planner = Pianificatore
role-member = Membro di un ente pubblico
role-evaluator = Valutatore
role-citizen = Cittadino
