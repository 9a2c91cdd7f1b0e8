# PSPM saskarnes ziņojumi — latviešu valodā.
# Katrai angļu kataloga atslēgai jābūt arī it, es un lv failā (to pārbauda vienībtests).

app-name = PSPM
app-tagline = Līdzdalīga stratēģiskā plānošana
skip-to-content = Pāriet uz galveno saturu
lang-switcher-label = Valoda
nav-label = Galvenā navigācija
nav-home = Sākums
nav-admin = Administrēšana
nav-account = Mans konts
nav-sign-in = Pieslēgties
nav-sign-out = Iziet ({ $name })
footer-about = PSPM — līdzdalīgas stratēģiskās plānošanas modulis: plāni, ko kopīgi izstrādā publiskās iestādes un iedzīvotāji, kopīgota labā prakse, atvērtie dati.
footer-api = API dokumentācija (OpenAPI)
footer-status = Pakalpojuma statuss

home-title = Plānojam kopā, sekojam rezultātiem
home-lead = Ministrijas, reģioni, pašvaldības, aģentūras un iedzīvotāji kopīgi izstrādā daudzgadu stratēģiskos plānus, dalās ar labo praksi un seko progresam, izmantojot kopīgus rādītājus.
home-plans-title = Stratēģiskie plāni
home-plans-text = Jomas, mērķi, pasākumi un rādītāji ar sasniedzamajām vērtībām — no projekta līdz uzraudzībai.
home-consultations-title = Sabiedriskās apspriešanas
home-consultations-text = Komentējiet, ierosiniet pasākumus, atbalstiet priekšlikumus un skatiet, kā tika izskatīts katrs iesniegtais viedoklis.
home-practices-title = Labā prakse
home-practices-text = Atvērta labās prakses piemēru krātuve, kurā publiskās iestādes tos publicē un izmanto atkārtoti.
home-sign-in-cta = Pieslēdzieties, lai piedalītos

sign-in-title = Pieslēgties
sign-in-submit = Pieslēgties
title-with-errors = Kļūda: { $title }

field-email = E-pasta adrese
field-password = Parole
field-name = Nosaukums
field-display-name = Vārds, uzvārds
field-kind = Veids
field-level = Pārvaldes līmenis
field-territory-code = Teritorijas kods
field-parent = Augstāka līmeņa organizācija
field-organisation = Organizācija
field-role = Loma
field-initial-password = Parole
field-optional = nav obligāts
hint-territory-code = ISTAT vai NUTS kods, tikai burti un cipari, piemēram, ITI4.
hint-password-new = Vismaz 10 rakstzīmes. Nododiet to personai, izmantojot drošu saziņas kanālu.
hint-password-keep = Atstājiet tukšu, lai saglabātu pašreizējo paroli.

error-summary-title = Radusies problēma
error-generic = Pārbaudiet lauku „{ $field }”.
error-required = Aizpildiet lauku „{ $field }”.
error-too-long = Lauka „{ $field }” vērtība ir pārāk gara.
error-invalid-characters = Laukā „{ $field }” ir neatļautas rakstzīmes.
error-invalid-choice = Izvēlieties derīgu vērtību laukam „{ $field }”.
error-email-invalid = Ievadiet e-pasta adresi pareizā formātā, piemēram, name@example.org.
error-password-too-short = Parolē jābūt vismaz 10 rakstzīmēm.
error-invalid-credentials = Nepareiza e-pasta adrese vai parole.
error-too-many-attempts = Pārāk daudz neveiksmīgu mēģinājumu. Uzgaidiet 15 minūtes un mēģiniet vēlreiz.
error-csrf-invalid = Veidlapas derīguma termiņš ir beidzies. Pārlādējiet lapu un mēģiniet vēlreiz.
error-name-taken = Organizācija ar šādu nosaukumu jau pastāv.
error-email-taken = Lietotājs ar šādu e-pasta adresi jau pastāv.
error-parent-not-found = Augstāka līmeņa organizācija nepastāv.
error-parent-cycle = Organizāciju nevar pakārtot tai pašai vai kādai no tās pakļautībā esošajām organizācijām.
error-organisation-not-found = Organizācija nepastāv.
error-territory-invalid = Teritorijas kodā drīkst būt tikai burti un cipari.
error-cannot-demote-self = Jūs nevarat noņemt sev administratora lomu.
error-confirm-required = Atzīmējiet izvēles rūtiņu, lai apstiprinātu, ka vēlaties dzēst savu kontu.
error-user-deleted = Šis konts ir dzēsts, un to nevar labot.

error-page-home-link = Doties uz sākumlapu
error-page-400-title = Pieprasījumu nevarēja apstrādāt
error-page-400-text = Pārbaudiet adresi vai veidlapu un mēģiniet vēlreiz.
error-page-401-title = Pieslēdzieties, lai turpinātu
error-page-401-text = Šī lapa ir pieejama tikai lietotājiem, kuri ir pieslēgušies.
error-page-403-title = Jums nav piekļuves šai lapai
error-page-403-text = Jūsu loma to neatļauj. Ja uzskatāt, ka piekļuvei vajadzētu būt, sazinieties ar administratoru.
error-page-404-title = Lapa nav atrasta
error-page-404-text = Ja adresi ievadījāt, pārbaudiet, vai tā ir pareiza. Ja to ielīmējāt, pārbaudiet, vai nokopējāt to pilnībā.
error-page-409-title = Neizdevās saglabāt
error-page-409-text = Kāds cits tikmēr ir mainījis tos pašus datus. Pārlādējiet lapu un mēģiniet vēlreiz.
error-page-429-title = Pārāk daudz mēģinājumu
error-page-429-text = Uzgaidiet dažas minūtes un mēģiniet vēlreiz.
error-page-500-title = Atvainojiet, pakalpojuma darbībā radusies problēma
error-page-500-text = Mēģiniet vēlreiz vēlāk. Jau saglabātie dati ir drošībā.
error-page-503-title = Pakalpojums īslaicīgi nav pieejams
error-page-503-text = Nav iespējams piekļūt datubāzei. Mēģiniet vēlreiz pēc dažām minūtēm.
error-page-413-title = Nosūtītie dati ir pārāk lieli
error-page-413-text = Nosūtiet mazāk datu vienlaikus un mēģiniet vēlreiz.
error-page-csrf-title = Veidlapas derīguma termiņš ir beidzies
error-page-csrf-text = Jūsu drošības labad veidlapas var nosūtīt tikai no šīs vietnes un ierobežotā laikā. Atgriezieties, pārlādējiet lapu un nosūtiet veidlapu vēlreiz.

account-title = Mans konts
account-export-title = Jūsu datu lejupielāde
account-export-text = Saņemiet visu par Jums glabāto datu kopiju JSON datnē.
account-export-link = Lejupielādēt manus datus (JSON)
account-delete-title = Konta dzēšana
account-delete-text = Jūsu personas dati tiks dzēsti, un Jūsu sesija tiks beigta. Jūsu ieguldījums saglabāsies un tiks rādīts kā bijuša dalībnieka ieguldījums. Šo darbību nevar atsaukt.
account-delete-confirm = Es saprotu, ka mans konts tiks dzēsts
account-delete-submit = Dzēst manu kontu
former-participant = Bijušais dalībnieks

admin-sections = Administrēšanas sadaļas
admin-organisations = Organizācijas
admin-users = Lietotāji
org-new = Pievienot organizāciju
org-edit = Labot organizāciju
user-new = Pievienot lietotāju
user-edit = Labot lietotāju
notice-saved = Izmaiņas ir saglabātas.
back-to-list = Atpakaļ uz sarakstu
save = Saglabāt
edit = Labot
actions = Darbības
choose = Izvēlieties…
none = Nav

pager-label = Lapas
pager-status = { $page }. lapa no { $pages } (kopā { $total })
pager-previous = Iepriekšējā lapa
pager-next = Nākamā lapa

org-kind-ministry = Ministrija
org-kind-region = Reģions
org-kind-province = Province
org-kind-municipality = Pašvaldība
org-kind-agency = Aģentūra
org-kind-other-public = Cita publiska iestāde
org-kind-nonprofit = Bezpeļņas organizācija
org-kind-company = Uzņēmums
org-kind-university = Universitāte
org-kind-citizen-group = Iedzīvotāju grupa

org-level-eu = Eiropas Savienība
org-level-national = Valsts
org-level-regional = Reģionālais
org-level-local = Vietējais

role-admin = Administrators
role-planner = Plānotājs
role-member = Publiskas iestādes pārstāvis
role-evaluator = Vērtētājs
role-citizen = Iedzīvotājs
