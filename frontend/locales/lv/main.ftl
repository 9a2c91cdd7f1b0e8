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
field-time-zone = Laika josla
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
error-too-many-attempts = Pārāk daudz neveiksmīgu mēģinājumu. Uzgaidiet dažas minūtes un mēģiniet vēlreiz.
error-csrf-invalid = Veidlapas derīguma termiņš ir beidzies. Pārlādējiet lapu un mēģiniet vēlreiz.
error-name-taken = Organizācija ar šādu nosaukumu jau pastāv.
error-email-taken = Lietotājs ar šādu e-pasta adresi jau pastāv.
error-parent-not-found = Augstāka līmeņa organizācija nepastāv.
error-parent-cycle = Organizāciju nevar pakārtot tai pašai vai kādai no tās pakļautībā esošajām organizācijām.
error-organisation-not-found = Organizācija nepastāv.
error-territory-invalid = Teritorijas kodā drīkst būt tikai burti un cipari.
error-cannot-demote-self = Jūs nevarat noņemt sev administratora lomu.
error-proposal-title-required = Ievadiet virsrakstu: priekšlikumam tas ir vajadzīgs.
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
account-language-title = Vēlamā valoda
account-language-text = Šajā pārlūkā lapas tiek rādītas šajā valodā, un Jūsu izvēle tiek saglabāta Jūsu kontā. Valodu saites katras lapas augšā maina tikai šo pārlūku.
account-language-label = Valoda
account-language-submit = Saglabāt valodu
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

# Plāni
nav-plans = Plāni
back = Atpakaļ
back-to-plan = Atpakaļ uz plānu „{ $title }”
back-to-plans = Visi plāni
plans-title = Stratēģiskie plāni
plans-lead = Ministriju, reģionu un pašvaldību daudzgadu plāni: to mērķi, pasākumi, rādītāji un progress.
plans-empty = Pagaidām nav neviena plāna, ko parādīt.
plan-new = Izveidot plānu
plan-edit = Labot plāna datus
plan-editing = Plāna rediģēšana
plan-move-to = Mainīt plāna statusu:
plan-aligned-to = Saskaņots ar „{ $title }”
plan-child-plans = Ar šo plānu saskaņotie plāni
plan-tree = Jomas, mērķi un pasākumi
plan-outline = Saturs
plan-tree-empty = Šim plānam vēl nav nevienas jomas.
plan-tree-collapsed = Šim plānam ir { $count } jomas, mērķi un pasākumi. Šajā lapā ir uzskaitītas jomas un mērķi; katrs mērķis ved uz lapu ar tā pasākumiem.
plan-branch-actions = { $count ->
    [one] Rādīt tā { $count } pasākumu
   *[other] Rādīt tā { $count } pasākumus
}
plan-branch-title = Plāna daļa
plan-branch-trail = Kur šī daļa atrodas plānā
plan-branch-whole = Viss plāns
plan-export-json = Lejupielādēt plānu (JSON)
plan-export-csv = Lejupielādēt struktūru (CSV)
plan-versions-count = Pieņemtās versijas: { $count }
progress-value = Izpildīts { $value } %
progress-none = nav datu par progresu
flag-started-late = uzsākts novēloti
flag-completed-late = pabeigts novēloti
flag-started-late-days = { $days ->
    [zero] uzsākts ar { $days } dienu kavējumu
    [one] uzsākts ar { $days } dienas kavējumu
   *[other] uzsākts ar { $days } dienu kavējumu
}
flag-completed-late-days = { $days ->
    [zero] pabeigts ar { $days } dienu kavējumu
    [one] pabeigts ar { $days } dienas kavējumu
   *[other] pabeigts ar { $days } dienu kavējumu
}
flag-overdue-days = { $days ->
    [zero] nokavēts par { $days } dienām
    [one] nokavēts par { $days } dienu
   *[other] nokavēts par { $days } dienām
}
field-owner = Īpašnieka organizācija
field-period = Periods
field-period-start = Perioda sākums
field-period-end = Perioda beigas
field-status = Statuss
field-progress = Progress (%)
field-parent-plan = Augstāka līmeņa plāns
field-versions = Versijas
field-title = Nosaukums
field-summary = Kopsavilkums
field-code = Kods
field-description = Apraksts
field-responsible-office = Atbildīgā struktūrvienība
field-responsible-organisation = Atbildīgā organizācija
field-weight = Svars
field-planned = Plānotais laiks
field-actual = Faktiskais laiks
field-planned-start = Plānotais sākums
field-planned-end = Plānotās beigas
field-actual-start = Faktiskais sākums
field-actual-end = Faktiskās beigas
field-budget = Budžets (eiro)
field-contributes-to = Veicina
field-origin = Izcelsme
node-origin = priekšlikums Nr. { $number }
node-origin-consultation = apspriešanā “{ $consultation }”
field-position = Vieta starp tā paša līmeņa elementiem
field-unit = Mērvienība
field-direction = Vēlamā tendence
field-baseline-value = Bāzes vērtība
field-baseline-date = Bāzes vērtības datums
field-frequency = Mērīšanas biežums
field-data-source = Datu avots
field-target-period = { $n }. mērķvērtība: periods
field-target-due = { $n }. mērķvērtība: termiņš
field-target-value = { $n }. mērķvērtība: vērtība
field-date = Datums
field-value = Vērtība
field-note = Piezīme
hint-date = Piemēram, 2026-03-31.
hint-code = Īss un plāna ietvaros unikāls, piemēram, SO2.1.
hint-progress = No 0 līdz 100. Jomu un mērķu progresu aprēķina, pamatojoties uz to pasākumiem.
hint-weight = Nav obligāts. Tā paša līmeņa elementi ar lielāku svaru vairāk ietekmē augstāka līmeņa elementa progresu.
hint-budget = Eiro, piemēram, 250000 vai 250000,50.
hint-position = 1 nozīmē pirmo vietu.
hint-unit = Piemēram, %, dienas, skaits.
hint-targets = Aizpildiet vienu rindu katram periodam, piemēram, 2025, 2026, 2027. Neizmantotās rindas atstājiet tukšas.
node-add-area = Pievienot jomu
node-add-strategic-objective = Pievienot stratēģisko mērķi
node-add-operational-objective = Pievienot darbības mērķi
node-add-action = Pievienot pasākumu
node-edit = Labot
node-contributors = Saskaņoto plānu ieguldījums
node-milestones = Starpposma mērķi
milestone-done = sasniegts
node-move-title = Pārvietošana vai secības maiņa
node-move-submit = Pārvietot
node-delete-title = Dzēšana
node-delete-text = Tiek dzēsts šis elements un viss, kas tam pakārtots, tostarp rādītāji un starpposma mērķi. Tas iespējams tikai tik ilgi, kamēr plāns ir projekta statusā.
node-delete-submit = Dzēst šo elementu
node-kind-area = Joma
node-kind-strategic-objective = Stratēģiskais mērķis
node-kind-operational-objective = Darbības mērķis
node-kind-action = Pasākums
node-status-not-started = Nav uzsākts
node-status-on-track = Atbilst plānotajam
node-status-at-risk = Pastāv risks
node-status-late = Kavējas
node-status-done = Pabeigts
node-status-cancelled = Atcelts
plan-status-draft = Projekts
plan-status-consultation = Sabiedriskajā apspriešanā
plan-status-adopted = Pieņemts
plan-status-monitoring = Uzraudzībā
plan-status-closed = Slēgts
plan-action-draft = Atgriezt projekta statusā
plan-action-consultation = Nodot sabiedriskajai apspriešanai
plan-action-adopted = Pieņemt (tiek saglabāta versija)
plan-action-monitoring = Sākt uzraudzību
plan-action-closed = Slēgt
plan-confirm-title = { $action }: { $title }
plan-confirm-action-adopted = Pieņemt plānu
plan-confirm-action-closed = Slēgt plānu
plan-confirm-action-draft = Atgriezt uzmetumā
plan-confirm-version = Plāns tā pašreizējā veidā tiek saglabāts kā versija { $number }. Saglabātu versiju nevar mainīt; vēlākām izmaiņām vajadzīga jauna pieņemšana.
plan-confirm-closed = Slēgts plāns vairs netiek uzraudzīts, un to nevar atvērt no jauna.
plan-confirm-consultations = Šīs apspriešanas tiek slēgtas tagad un vairs nepieņem ieguldījumus, atbalstus vai punktus:
plan-confirm-submit-adopted = Jā, pieņemt plānu
plan-confirm-submit-closed = Jā, slēgt plānu
plan-confirm-submit-draft = Jā, atgriezt uzmetumā
plan-confirm-cancel = Nē, atpakaļ uz plānu
indicator-add = Pievienot rādītāju
indicator-record = Reģistrēt mērījumu rādītājam „{ $name }”
indicator-achievement = Sasniegti { $value } % no mērķvērtības
indicator-source = Avots: { $source }, { $frequency }
indicator-frequency = Mēra { $frequency }
indicator-targets = Mērķvērtības
measurement-new = Reģistrēt mērījumu
track-achieved = Mērķvērtība sasniegta
track-on-track = Atbilst plānotajam
track-at-risk = Pastāv risks
track-off-track = Neatbilst plānotajam
direction-increase = Palielināt
direction-decrease = Samazināt
direction-keep = Saglabāt
frequency-monthly = reizi mēnesī
frequency-quarterly = reizi ceturksnī
frequency-semiannual = divreiz gadā
frequency-annual = reizi gadā
chart-title = Rādītāja „{ $name }” grafiks: bāzes vērtība, mērķvērtības, mērījumi un prognoze
chart-legend-target = Mērķvērtību trajektorija
chart-legend-measured = Izmērītās vērtības
chart-legend-forecast = Prognoze
chart-table-caption = Rādītāja „{ $name }” vērtības
chart-col-date = Datums
chart-col-kind = Veids
chart-col-value = Vērtība
chart-kind-baseline = Bāzes vērtība
chart-kind-target = Mērķvērtība { $period }
chart-kind-measured = Izmērītā vērtība
chart-kind-forecast = Prognoze gala mērķvērtības termiņā
forecast-not-enough-data = Nepietiek datu (mazāk nekā trīs mērījumi)
versions-title = Pieņemtās versijas
versions-empty = Vēl nav nevienas versijas: versija tiek saglabāta ikreiz, kad plāns tiek pieņemts.
versions-col-number = Versija
versions-col-adopted = Pieņemšanas datums
version-label = { $n }. versija
diff-indicator-targets = “{ $name }” mērķvērtības
field-parent-node = Augstākais elements
version-page-title = { $n }. versija: { $title }
version-back = Visas “{ $title }” versijas
version-adopted-on = Plāns, kā tas pieņemts { $date }. Saglabātu versiju nevar mainīt.
version-compare-latest = Salīdzināt ar { $n }. versiju
version-indicators = Rādītāji
versions-compare = Salīdzināt divas versijas
versions-from = No versijas
versions-to = Līdz versijai
versions-compare-submit = Salīdzināt
diff-title = Izmaiņas no { $from }. versijas līdz { $to }. versijai
diff-none = Abas versijas ir vienādas.
diff-plan = Plāna dati
diff-added = Pievienotie elementi
diff-removed = Noņemtie elementi
diff-moved = Pārvietotie elementi
diff-changed = Mainītie elementi
diff-col-field = Lauks
diff-col-before = Pirms
diff-col-after = Pēc
error-date-invalid = Laukā „{ $field }” ievadiet datumu, piemēram, 2026-03-31.
error-end-before-start = Lauka „{ $field }” vērtība nevar būt agrāka par sākumu.
error-out-of-range = Lauka „{ $field }” vērtība ir ārpus atļautā diapazona.
error-number-invalid = Laukā „{ $field }” ievadiet skaitli.
error-progress-only-actions = Progresu ievada pasākumiem; jomām un mērķiem to aprēķina automātiski.
error-parent-kind-invalid = Izvēlieties augstāka līmeņa elementu, kas atrodas vienu līmeni virs šī elementa.
error-node-not-found = Šajā plānā šāda elementa nav.
error-alignment-invalid = Izvēlieties augstāka līmeņa plāna elementu.
error-code-taken = Citam šī plāna elementam jau ir šāds kods.
error-kind-has-children = Elementam, kuram ir pakārtoti elementi, veidu mainīt nevar.
error-move-cycle = Elementu nevar pārvietot zem tā paša vai zem kāda no tam pakārtotajiem elementiem.
error-plan-not-draft = Elementus var dzēst tikai tik ilgi, kamēr plāns ir projekta statusā.
error-edit-conflict = Kāds cits tikmēr ir saglabājis izmaiņas. Pārlādējiet lapu, lai tās redzētu, un pēc tam veiciet savas izmaiņas vēlreiz.
error-transition-not-allowed = No pašreizējā statusa plānu nevar pārvest uz šo statusu.
error-period-taken = Katram periodam var būt tikai viena mērķvērtība.
error-target-before-baseline = Mērķvērtības termiņam jābūt vēlākam par bāzes vērtības datumu.
error-date-in-future = Mērījuma datums nevar būt nākotnē.
error-date-before-baseline = Mērījuma datums nevar būt agrāks par bāzes vērtības datumu.
error-plan-not-found = Plāns nepastāv.
error-version-not-found = Šāda versija nepastāv.
error-format-unknown = Datne nav PSPM plāns.
milestones-empty = Starpposma mērķu vēl nav.
milestone-add = Pievienot starpposma mērķi
milestone-mark-done = Atzīmēt kā sasniegtu
milestone-mark-open = Atzīmēt kā nesasniegtu
field-milestone-title = Starpposma mērķis
field-due-date = Izpildes termiņš
error-milestone-not-found = Starpposma mērķis nepastāv.
plan-import = Importēt plānu
plan-import-lead = Augšupielādējiet no PSPM lejupielādētu plānu (JSON). Tas kļūst par jaunu Jūsu organizācijas melnrakstu; ja failā ir kļūda, nekas netiek importēts.
plan-import-errors = Plāns netika importēts
plan-import-submit = Importēt
field-plan-file = Plāna fails (JSON)
hint-plan-file = Fails, ko iegūst ar „Lejupielādēt plānu (JSON)” plāna lapā.
error-file-missing = Izvēlieties importējamo failu.
indicator-edit = Labot rādītāju un tā mērķvērtības

# Sabiedriskās apspriešanas
plan-consultations = Sabiedriskās apspriešanas
consultation-new = Izsludināt apspriešanu
consultation-open-submit = Izsludināt
consultation-comment = Komentēt
consultation-comment-submit = Nosūtīt komentāru
consultation-propose = Ierosināt pasākumu
consultation-propose-submit = Nosūtīt priekšlikumu
consultation-proposals = Priekšlikumi (vispirms visvairāk atbalstītie)
proposals-title = Visi priekšlikumi: { $title }
proposals-back = Atpakaļ uz apspriešanu
proposals-filters = Meklēt un filtrēt priekšlikumus
proposals-search = Vārdi virsrakstā vai tekstā
proposals-all-objectives = Visi mērķi
proposals-sort = Secība
proposals-sort-supports = Visvairāk atbalstītie vispirms
proposals-sort-newest = Jaunākie vispirms
proposals-sort-random = Nejauša (tāda pati ikvienam ar šo saiti)
proposals-mine = Tikai mani
proposals-all = Visi priekšlikumi: meklēt, filtrēt un kārtot
proposals-count = { $count ->
    [zero] { $count } priekšlikumu
    [one] { $count } priekšlikums
   *[other] { $count } priekšlikumi
}
consultation-no-proposals = Priekšlikumu vēl nav.
consultation-priorities = Pasākumu prioritātes
consultation-contributions = Visi ieguldījumi ({ $count })
consultation-ranking-top = { $count } visvairāk atbalstītie no { $total } priekšlikumiem.
consultation-rules = Katrs dalībnieks var atbalstīt ne vairāk kā { $supports } priekšlikumus un piešķirt ne vairāk kā { $points } prioritātes punktus.
consultation-sign-in = Pieslēdzieties, lai piedalītos
consultation-state-upcoming = Vēl nav sākusies
consultation-state-open = Notiek
consultation-state-closed = Noslēgusies
contribution-kind-comment = Komentārs
contribution-kind-proposal = Priekšlikums
contribution-kind-amendment = Grozījumu priekšlikums
contribution-hidden = Paslēpts moderēšanas rezultātā: { $reason }
contribution-in-context = skatīt apspriešanā
contribution-reply = Atbildēt
contribution-reply-submit = Nosūtīt atbildi
contribution-report = Ziņot
contribution-report-submit = Nosūtīt ziņojumu
contribution-edit = Mainīt savu ieguldījumu
contribution-edit-submit = Saglabāt izmaiņas
contribution-withdraw = Atsaukt
contribution-withdrawn = Autors to atsaucis
contribution-edited = Autors mainījis { $date }: iepriekšējās versijas
contribution-earlier = Rakstīts { $date }
error-contribution-answered = Šim ieguldījumam ir oficiāla atbilde: to vairs nevar mainīt vai atsaukt.
error-contribution-withdrawn = Jūs atsaucāt šo ieguldījumu: to vairs nevar mainīt.
field-about = Attiecas uz
about-whole-plan = Viss plāns
field-comment = Jūsu komentārs
field-your-reply = Jūsu atbilde
field-objective = Darbības mērķis, kuram pakārtot pasākumu
field-reason = Iemesls
field-window = Norises laiks
field-audience = Kas var piedalīties
field-rules = Noteikumi
field-opens-at = Sākuma laiks
field-closes-at = Beigu laiks
field-invited = Uzaicinātās organizācijas
field-comments-enabled = Dalībnieki var komentēt
field-proposals-enabled = Dalībnieki var ierosināt pasākumus
field-supports-per-person = Atbalstu skaits vienam dalībniekam
field-points-per-person = Prioritātes punktu skaits vienam dalībniekam
field-response-status = Izskatīšanas rezultāts
field-response = Oficiālā atbilde
field-create-action-code = Izveidot pasākumu ar kodu
field-hide-reason = Paslēpšanas iemesls
hint-datetime = Datums un laiks plāna īpašnieka laika joslā ({ $zone }), piemēram, 2026-03-31T18:00.
hint-invited = Attiecas tikai uz iespēju „Tikai uzaicinātās organizācijas”: šo organizāciju pārstāvji var piedalīties un saņem paziņojumu.
hint-create-action-code = Nav obligāts, pieņemtiem priekšlikumiem: pasākums tiek pievienots plānam zem attiecīgā mērķa, piemēram, AZ2.1.3.
audience-public = Visi pieslēgušies lietotāji, tostarp iedzīvotāji
audience-invited = Tikai uzaicinātās organizācijas
supports-count = { $count ->
    [zero] { $count } atbalstu
    [one] { $count } atbalsts
   *[other] { $count } atbalsti
}
points-count = { $count ->
    [zero] { $count } punktu
    [one] { $count } punkts
   *[other] { $count } punkti
}
support = Atbalstīt
support-withdraw = Atsaukt savu atbalstu
support-own = Jūsu priekšlikums
support-none-left = Atbalsti vairs nav pieejami
take-part-refused-not-invited = Šī apspriešana ir atvērta tikai uzaicinātajām organizācijām, un Jūsu organizācija nav starp tām: Jūs varat to lasīt, bet ne piedalīties.
take-part-refused-consultation-closed = Apspriešana ir slēgta: tā vairs nepieņem ieguldījumus, atbalstus vai punktus.
take-part-refused-consultation-not-open = Apspriešana vēl nav atvērta: Jūs varēsiet piedalīties no atvēršanas datuma.
consultation-closed-with-plan = Apspriešana tika slēgta, kad plāns izgāja no apspriešanas posma (plāna statuss tagad: { $status }). Tā vairs nepieņem ieguldījumus, atbalstus vai punktus.
error-action-cancelled = Šis pasākums ir atcelts: tas vairs nevar saņemt punktus.
support-used = Jūs atbalstāt { $used } no { $limit } priekšlikumiem, ko drīkstat atbalstīt.
priorities-help = Sadaliet līdz { $points } punktiem starp pasākumiem, kas Jums ir vissvarīgākie. Jau izmantoti: { $used }.
priorities-total = Visu dalībnieku punkti
priorities-mine = Jūsu punkti
priorities-submit = Saglabāt manus punktus
response-official = Oficiālā atbilde:
response-awaiting = Gaida atbildi.
response-see-node = Skatīt pasākumu plānā
response-submit = Nosūtīt atbildi
response-status-accepted = Pieņemts
response-status-partially-accepted = Daļēji pieņemts
response-status-rejected = Noraidīts
response-status-already-planned = Jau plānots
response-status-out-of-scope = Ārpus apspriešanas tvēruma
responses-title = Ieguldījumi, kas gaida atbildi
responses-heading-awaiting = Ieguldījumi, kas gaida atbildi
responses-heading-answered = Atbildētie ieguldījumi
responses-heading-all = Ieguldījumi un atbildes
field-plan = Plāns
field-consultation = Apspriešana
field-page = Lapa
responses-filters = Filtrēt ieguldījumus
responses-all-plans = Visi plāni
responses-all-consultations = Visas apspriešanas
responses-all-kinds = Visi veidi
responses-status-awaiting = Gaida atbildi
responses-status-answered = Atbildēti
responses-status-all = Visi
responses-about = Tikai ieguldījumi par { $node }.
responses-clear = Rādīt visus
responses-filter = Rādīt
responses-only-node = tikai par šo
responses-count = { $count ->
    [zero] { $count } ieguldījumu
    [one] { $count } ieguldījums
   *[other] { $count } ieguldījumi
}
moderation-title = Ieguldījumi, par kuriem ziņots
moderation-hide = Paslēpt ieguldījumu
report-reason = Ziņojuma iemesls: { $reason }
my-contributions = Mani ieguldījumi
you-said-we-did = Jūs teicāt, mēs izdarījām
you-said-we-did-title = Jūs teicāt, mēs izdarījām: { $title }
you-said-we-did-lead = Visi šīs apspriešanas ieguldījumi, arī tie, kas rakstīti kā atbilde citiem, ar oficiālo atbildi, ja tāda ir. Informācijas paneļu atbilžu rādītāji ņem vērā tikai atbildes uz priekšlikumiem, komentāriem un grozījumu priekšlikumiem, ar kuriem sākas diskusija.
list-empty = Nav ko parādīt.
nav-notifications = Paziņojumi ({ $count })
notifications-title = Paziņojumi
notifications-unread = Nelasīti: { $count }
notifications-mark-read = Atzīmēt visus kā izlasītus
notification-new = jauns
notification-response = Jūsu ieguldījumam ir sniegta oficiālā atbilde
notification-reply = Kāds ir atbildējis uz Jūsu komentāru
notification-contribution-hidden = Moderators paslēpa Jūsu ieguldījumu
notification-consultation-opened = Jūsu organizācijai ir izsludināta apspriešana
org-kind-none = Bez organizācijas
error-consultation-not-open = Apspriešana vēl nav sākusies.
error-consultation-closed = Apspriešana ir noslēgusies.
error-not-invited = Šajā apspriešanā var piedalīties tikai uzaicinātās organizācijas.
error-comments-disabled = Šajā apspriešanā komentēšana nav paredzēta.
error-proposals-disabled = Šajā apspriešanā priekšlikumu iesniegšana nav paredzēta.
error-reply-not-proposal = Atbilde ir komentārs, nevis priekšlikums.
error-proposal-needs-objective = Izvēlieties darbības mērķi, kuram pakārtot jauno pasākumu.
error-contribution-not-found = Ieguldījums nepastāv.
error-not-supportable = Atbalstīt var tikai redzamus priekšlikumus.
error-cannot-support-own = Jūs nevarat atbalstīt savu priekšlikumu.
error-already-supported = Jūs jau atbalstāt šo priekšlikumu.
error-support-limit-reached = Visi Jūsu atbalsti ir izmantoti: vispirms atsauciet kādu no tiem.
error-not-supported = Jūs neatbalstāt šo priekšlikumu.
error-required-comment = Ierakstiet savu komentāru.
error-too-long-comment = Komentārā var būt ne vairāk kā 5000 rakstzīmju.
error-required-reply = Ierakstiet savu atbildi.
error-too-long-reply = Atbildē var būt ne vairāk kā 5000 rakstzīmju.
error-required-proposal-title = Ierakstiet priekšlikuma nosaukumu.
error-too-long-proposal-title = Nosaukumā var būt ne vairāk kā 200 rakstzīmju.
error-required-proposal-body = Aprakstiet savu priekšlikumu.
error-too-long-proposal-body = Aprakstā var būt ne vairāk kā 5000 rakstzīmju.
error-required-report = Norādiet, kāpēc ziņojat par šo ieguldījumu.
error-too-long-report = Iemeslā var būt ne vairāk kā 1000 rakstzīmju.
error-required-hide = Norādiet, kāpēc paslēpjat šo ieguldījumu.
error-too-long-hide = Iemeslā var būt ne vairāk kā 1000 rakstzīmju.
error-required-response = Ierakstiet oficiālo atbildi.
error-too-long-response = Oficiālajā atbildē var būt ne vairāk kā 5000 rakstzīmju.
error-required-response-status = Izvēlieties izskatīšanas rezultātu.
error-points-over-budget = Piešķirto punktu skaits pārsniedz Jums pieejamo.
error-duplicate = Katru pasākumu var norādīt tikai vienu reizi.
error-contribution-hidden = Uz paslēptu ieguldījumu nevar atbildēt.
error-not-a-proposal = Par pasākumiem var kļūt tikai priekšlikumi.
error-create-needs-acceptance = Pasākumu izveido tikai tad, ja priekšlikums ir pieņemts.
error-plan-not-in-consultation = Vispirms nododiet plānu sabiedriskajai apspriešanai.
error-datetime-invalid = Laukā „{ $field }” ievadiet datumu un laiku, piemēram, 2026-03-31T18:00.
error-datetime-skipped = { $field } iekrīt stundā, kas tiek izlaista, pārejot uz vasaras laiku: izvēlieties citu laiku.
error-time-zone-unknown = Izvēlieties laika joslu no saraksta.
error-consultation-not-found = Apspriešana nepastāv.

# Labā prakse
nav-practices = Labā prakse
practices-title = Labās prakses piemēri
practices-search = Meklēt labo praksi
practices-search-submit = Meklēt
practices-sort = Kārtība
sort-default = Noklusējuma
sort-relevance = Atbilstošākie vispirms
sort-newest = Jaunākie vispirms
sort-title = Pēc nosaukuma
practices-count = { $count ->
    [zero] { $count } piemēru
    [one] { $count } piemērs
   *[other] { $count } piemēri
}
licence-public-domain = Publiskais domēns
licence-permissive = Atļaujoša licence (avots to nenosauc)
licence-copyleft = Copyleft licence (avots to nenosauc)
licence-proprietary = Patentēta
licence-unrecognised = { $licence } (neatpazīta licence)
facet-show-all-tag = Rādīt visas { $count } birkas
facet-show-all-territory = Rādīt visas { $count } teritorijas
tag-problem = Problēma: { $name }
practices-filters = Filtrēt rezultātus
practices-skip-to-results = Pāriet uz rezultātiem
practices-did-you-mean = Vai domājāt:
practices-near-shown = Vispirms piemēri ar vārdiem, kā tos ierakstījāt, pēc tam tie ar labotajiem vārdiem.
facet-remove = Noņemt filtru „{ $value }”
field-licence = Licence
field-tags = Birkas
back-to-practices = Visi labās prakses piemēri
practice-fallback = Nav pieejams Jūsu valodā: parādīts oriģināls ({ $lang }).
practice-languages = Pieejams valodās
practice-links = Saites
practice-summary = Kopsavilkums
practice-problem = Risināmā problēma
practice-solution = Risinājums
practice-results = Rezultāti
practice-lessons = Gūtās atziņas
practice-how-to-use = Kā to izmantot
practice-conditions = Nosacījumi atkārtotai izmantošanai
adoptions-title = Pārņemšanas gadījumi, kas gaida Jūsu lēmumu
adoptions-confirmed = Apstiprināti pārņemšanas gadījumi: { $count }
adoptions-count = { $count ->
    [zero] { $count } apstiprinātu pārņemšanas gadījumu
    [one] { $count } apstiprināts pārņemšanas gadījums
   *[other] { $count } apstiprināti pārņemšanas gadījumi
}
adoption-declare = Vai Jūsu organizācija ir pārņēmusi šo praksi?
adoption-declare-submit = Paziņot par pārņemšanu
adoption-confirm = Apstiprināt
adoption-reject = Noraidīt
field-adopted-on = Pārņemšanas datums
field-context = Konteksts
field-outcome = Rezultāts
sort-most-adopted = Visvairāk pārņemtās vispirms
error-own-practice = Organizācija nevar pārņemt savu praksi.
error-already-declared = Jūsu organizācija jau ir paziņojusi par šo pārņemšanu.
error-already-decided = Par šo pārņemšanu jau ir pieņemts lēmums.
error-no-organisation = Par pārņemšanu paziņo organizācijas vārdā.

## Labā prakse: sagatavošana, izskatīšana, vērtējumi, saites
notification-practice-reviewed = Jūsu organizācijas labās prakses piemērs ir izskatīts
notification-adoption-declared = Kāda organizācija paziņoja, ka ieviesusi jūsu praksi: apstipriniet vai noraidiet
notification-adoption-decided = Īpašnieks pieņēma lēmumu par jūsu organizācijas ieviešanu
sort-best-rated = Augstāk novērtētās vispirms
field-policy-area = Politikas joma
field-territory = Teritorija
field-sdgs = Ilgtspējīgas attīstības mērķi
field-stage = Inovācijas posms
field-owner-kind = Īpašnieka organizācijas veids
field-country = Valsts
field-launch-year = Uzsākšanas gads
field-contact = Kontaktinformācija
field-stars = Jūsu vērtējums
field-review = Atsauksme
field-review-comment = Komentārs autoriem
field-linked-action = Plāna pasākums
field-text-language = Tekstu valoda
field-updated = Pēdējās izmaiņas
hint-country = Divu burtu kods, piemēram, LV.
hint-territory = Piemēram, ISTAT vai NUTS kods.
hint-year = Četri cipari, piemēram, 2024.
hint-licence = SPDX identifikators, piemēram, CC-BY-4.0 vai EUPL-1.2; atpazīst arī licences nosaukumu.
hint-contact = Iestādes vai struktūrvienības e-pasta adrese vai tīmekļa lapa, nevis personas privātā kontaktinformācija.
hint-tags = Atdaliet birkas ar komatiem.
hint-links = Katrā rindā viena tīmekļa adrese, kas sākas ar https://.
rating-mean = { $mean } no 5 ({ $count ->
    [zero] { $count } vērtējumu
    [one] { $count } vērtējums
   *[other] { $count } vērtējumi
})
rating-none = Vēl nav vērtējumu
rating-stars = { $stars ->
    [zero] { $stars } zvaigžņu
    [one] { $stars } zvaigzne
   *[other] { $stars } zvaigznes
}
rating-give = Novērtēt šo praksi
rating-change = Mainīt savu vērtējumu
rating-submit = Saglabāt vērtējumu
practice-new = Kopīgot labās prakses piemēru
practices-manage = Pārvaldīt labās prakses piemērus
practices-review-queue = Gaida izskatīšanu
practices-archived = Arhivētās prakses
practices-of-organisation = Jūsu organizācijas labās prakses piemēri
practice-status-note = Šī prakse ir { $status }. Līdz publicēšanai to var redzēt tikai tās organizācija un administratori.
practice-archived-note = Šī prakse ir arhivēta: tās vairs nav katalogā, bet tās lapa joprojām ir pieejama.
author-deleted = Dzēsts konts
practice-review-comment = Izskatīšanas komentārs:
practice-edit = Labot praksi
practice-translate = Pievienot vai mainīt tekstus citā valodā
practice-step-submit = Iesniegt izskatīšanai
practice-step-publish = Publicēt
practice-step-return = Nosūtīt atpakaļ autoriem
practice-step-archive = Arhivēt
practice-step-restore = Publicēt atkārtoti
practice-rating = Vērtējums
practice-ratings = Vērtējumi un atsauksmes
practice-similar = Līdzīgi piemēri
practice-similar-tags = Kopīgās birkas: { $tags }
practice-similar-words = Līdzīgs pēc vārdiem
practice-informs = Plānu pasākumi, kuros izmantota šī prakse
practice-informs-none = Šai praksei vēl nav piesaistīts neviens plāna pasākums.
practice-link = Piesaistīt šim pasākumam
practice-unlink = Noņemt saiti
practice-done-declared = Jūsu paziņojums par pārņemšanu ir saņemts. To ieskaitīs, kad prakses īpašnieks to apstiprinās.
practice-done-created = Prakse ir saglabāta kā melnraksts. Kad tā ir gatava, iesniedziet to izskatīšanai.
practice-done-saved = Jūsu izmaiņas ir saglabātas.
practice-done-translated = Teksti ir saglabāti.
practice-done-text-pending = Jūsu izmaiņas ir saglabātas un gaida administratoru: kamēr tās nav publicētas, lasītāji redz publicētos tekstus.
practice-done-text-published = Izmaiņas ir publicētas.
practice-done-text-rejected = Izmaiņas tika noraidītas; publicētie teksti paliek nemainīgi.
practice-texts-reviewed-note = Prakse ir publicēta: tas, ko šeit nosūtāt, gaida administratoru, un lasītāji redz publicētos tekstus, līdz tas tiek publicēts.
practice-text-changes = Izmaiņas, kas gaida pārskatīšanu
practice-text-changes-lead = Prakse ir publicēta, tāpēc izmaiņas tās tekstos lasītāji redz tikai pēc tam, kad administrators tās publicē.
practice-text-change-by = Valodā: { $lang }; ierosināja { $name } { $date }.
practice-text-change-publish = Publicēt šīs izmaiņas
practice-text-change-reject = Noraidīt šīs izmaiņas
practices-text-changes-queue = Publicētas prakses ar izmaiņām, kas gaida pārskatīšanu
practice-done-submit = Prakse ir iesniegta izskatīšanai.
practice-done-publish = Prakse ir publicēta.
practice-done-return = Prakse ir nosūtīta atpakaļ tās autoriem.
practice-done-archive = Prakse ir arhivēta.
practice-done-restore = Prakse atkal ir publicēta.
practice-done-rated = Jūsu vērtējums ir saglabāts.
practice-done-linked = Prakse ir piesaistīta pasākumam.
practice-done-unlinked = Saite ir noņemta.
practice-status-draft = melnraksts
practice-status-submitted = iesniegta izskatīšanai
practice-status-published = publicēta
practice-status-archived = arhivēta
policy-area-digital = Digitālā transformācija
policy-area-public-administration = Valsts pārvalde
policy-area-finance = Publiskās finanses
policy-area-economy = Ekonomika un nodarbinātība
policy-area-environment = Vide un klimats
policy-area-health = Veselība un aprūpe
policy-area-education = Izglītība un pētniecība
policy-area-social = Sociālā iekļaušana
policy-area-mobility = Mobilitāte un transports
policy-area-territory = Teritorija un mājokļi
policy-area-culture = Kultūra un tūrisms
policy-area-justice = Tieslietas un drošība
stage-identify-problem = Problēmas identificēšana
stage-generate-ideas = Ideju radīšana
stage-develop-proposal = Priekšlikuma izstrāde
stage-implement = Īstenošana
stage-evaluate = Izvērtēšana
stage-diffuse = Izplatīšana
sdg-1 = 1 Beigt nabadzību
sdg-2 = 2 Izskaust badu
sdg-3 = 3 Laba veselība un labklājība
sdg-4 = 4 Kvalitatīva izglītība
sdg-5 = 5 Dzimumu līdztiesība
sdg-6 = 6 Tīrs ūdens un sanitārija
sdg-7 = 7 Pieejama un tīra enerģija
sdg-8 = 8 Pienācīgs darbs un ekonomiskā izaugsme
sdg-9 = 9 Rūpniecība, inovācijas un infrastruktūra
sdg-10 = 10 Mazināt nevienlīdzību
sdg-11 = 11 Ilgtspējīgas pilsētas un kopienas
sdg-12 = 12 Atbildīgs patēriņš un ražošana
sdg-13 = 13 Rīcība klimata jomā
sdg-14 = 14 Dzīvība ūdenī
sdg-15 = 15 Dzīvība uz sauszemes
sdg-16 = 16 Miers, taisnīgums un spēcīgas institūcijas
sdg-17 = 17 Partnerība mērķu sasniegšanai
error-invalid-format = Lauka „{ $field }” vērtība neatbilst paredzētajam formātam.
error-unknown-value = Laukā „{ $field }” norādītā vērtība neeksistē.
error-invalid-transition = Pašreizējā prakses statusā šī darbība nav iespējama.
error-already-linked = Šī prakse jau ir piesaistīta šim pasākumam.
error-not-published = Pārņemt, novērtēt vai piesaistīt var tikai publicētu praksi.
error-not-an-action = Izvēlieties plāna pasākumu.
error-unknown = Laukā „{ $field }” norādītais objekts neeksistē.

## Dashboards
nav-dashboards = Informācijas paneļi
practices-lead-facets = Meklējiet tos un sašauriniet rezultātus pēc politikas jomas, līmeņa, teritorijas, mērķa un citiem kritērijiem.
dashboards-title = Informācijas paneļi
dashboards-lead = Līdzdalība, demokrātijas kvalitāte, plānu ietekme un labās prakses atkalizmantošana, aprēķināta no platformas datiem. Katram rādītājam ir sava tabula; katru tabulu var lejupielādēt kā atvērtos datus.
dashboards-by-plan = Pa plāniem
dashboards-open-data = Lejupielādēt visus publiskos datus (CSV un Parquet, ZIP)
dashboards-open-data-built = Sagatavots { $when } UTC.
dashboards-open-data-updating = Kopš tā laika dati ir mainījušies: tiek gatavots jaunāks arhīvs, un, līdz tas ir gatavs, tiek lejupielādēts šis.
dashboards-open-data-preparing = Arhīvs tiek gatavots; lielā platformā tas aizņem dažas minūtes.
dashboards-open-data-first = Arhīvu sagatavo, kad to pieprasa pirmo reizi; lielā platformā tas aizņem dažas minūtes, un līdz tam saite aicina atgriezties vēlāk.
dashboard-participation = Līdzdalība
dashboard-participation-lead = Kas piedalās, cik daudz un vai saņem atbildes.
dashboard-quality = Demokrātijas kvalitāte
dashboard-quality-lead = Apspriešanu ietekme, pārredzamība un izsekojamība, katra novērtēta no 1 līdz 5.
dashboard-impact = Plāna ietekme
dashboard-impact-lead = Rādītāji ar to statusu un prognozi, kā arī pasākumu izpildes gaita un laika grafiks.
dashboard-practices = Labās prakses atkalizmantošana
dashboard-practices-lead = Publicētie labās prakses piemēri un to apstiprinātā pārņemšana dažādās teritorijās.
dashboard-filters = Filtri
dashboard-plan = Plāns
dashboard-all-plans = Visi plāni
dashboard-consultation = Apspriešana
dashboard-all-consultations = Visas apspriešanas
dashboard-from = No
dashboard-to = Līdz
dashboard-territory-hint = Kods vai tā sākums, piemēram, ITI4 vai ITI.
dashboard-any = Jebkurš
dashboard-apply = Lietot filtrus
dashboard-reset = Notīrīt filtrus
dashboard-choose-plan = Izvēlieties plānu, lai redzētu tā ietekmi.
chart-data = Diagrammas “{ $title }” dati
chart-download = Lejupielādēt “{ $title }” SVG formātā
chart-empty = Pagaidām nav datu, ko parādīt.
chart-day = Diena
chart-active = Aktīvie dalībnieki
chart-new = Jaunie dalībnieki
chart-cumulative = Dalībnieki līdz šim
chart-date = Datums
chart-series = Datu sērija
chart-value = Vērtība
chart-measurement = Mērījums
chart-participation-daily = Dalībnieki dienā
chart-participation-daily-desc = Stabiņi rāda katrā dienā aktīvos dalībniekus; līnija rāda, cik dalībnieku ir piedalījušies līdz šim.
chart-participation-by-organisation-kind = Dalībnieki pēc organizācijas veida
chart-participation-by-organisation-kind-desc = Cik dalībnieku darbojas katra organizācijas veida vārdā; grupas, kurās ir mazāk nekā 5 personas, netiek rādītas.
chart-response-status = Oficiālās atbildes pēc iznākuma
chart-response-status-desc = Oficiālās atbildes uz priekšlikumiem, komentāriem un grozījumu priekšlikumiem, ar kuriem sākas diskusija, bet ne uz ieguldījumiem, kas rakstīti kā atbilde citiem (tāpat kā atbilžu īpatsvarā): cik ir pieņemti, daļēji pieņemti, noraidīti, jau paredzēti vai neattiecas uz jomu.
chart-progress-by-area = Izpildes gaita pa jomām
chart-progress-by-area-desc = Plāna katras jomas pasākumu vidējā izpilde no 0 līdz 100 %.
chart-indicator = Rādītājs
chart-indicator-desc = Bāzes vērtība, virzība uz mērķi, mērījumi un prognoze mērķa datumā.
chart-adoptions-by-territory = Apstiprinātā pārņemšana pa teritorijām
chart-adoptions-by-territory-desc = Kur atrodas organizācijas, kas apstiprinājušas labās prakses pārņemšanu.
dashboard-group = Grupa
dashboard-count = Skaits
suppressed = mazāk nekā 5
dashboard-actions = Pasākumi
dashboard-progress = Izpildes gaita
dashboard-done = Izpildīti
dashboard-late = Kavējas
dashboard-at-risk = Apdraudēti
dashboard-participants = Dalībnieki
dashboard-organisations = Iesaistītās organizācijas
dashboard-response-rate = Atbilžu īpatsvars
dashboard-median-days = Dienu mediāna līdz atbildei
dashboard-acceptance-rate = Pieņemto priekšlikumu īpatsvars
dashboard-influence = Pasākumi, kas izriet no priekšlikumiem
dashboard-local-share = Pašvaldību iestāžu īpatsvars
dashboard-gini = Koncentrācija (Džini koeficients)
dashboard-top10 = Aktīvāko 10 % īpatsvars
dashboard-r-score = Reprezentativitāte (R rādītājs)
dashboard-retention = Noturība
dashboard-suppression-note = Privātuma aizsardzības nolūkā nekur netiek rādīts neviens skaits, kas mazāks par 5 personām, atlase ar mazāk nekā 5 personām netiek sadalīta, un tabulās pēc veida, līmeņa, vecuma, dzimuma un teritorijas skaiti tiek nejauši noapaļoti līdz 5 daudzkārtnim (uz augšu vai uz leju, vidēji nemainīgi), lai divas atlases nevarētu salīdzināt, lai izceltu vienu personu.
dashboard-by-level = Dalībnieki pēc pārvaldes līmeņa
dashboard-by-kind = Ieguldījumi, atbalsti un prioritātes pēc veida
dashboard-by-age = Dalībnieki pēc vecuma grupas
dashboard-by-gender = Dalībnieki pēc dzimuma
dashboard-representation = Dalībnieki pa teritorijām
dashboard-population = Iedzīvotāji
dashboard-per-100k = Uz 100 000 iedzīvotājiem
dashboard-quality-explained = Katra dimensija ir tās attiecību vidējā vērtība, kas pārvērsta punktos: līdz 20 % atbilst 1 punktam, līdz 40 % – 2, līdz 60 % – 3, līdz 80 % – 4, virs tā – 5.
dashboard-dimension = Dimensija
dashboard-ratios = Attiecības
dashboard-mean = Vidējā vērtība
dashboard-score = Novērtējums
quality-influence = Ietekme
quality-transparency = Pārredzamība
quality-traceability = Izsekojamība
quality-points = { $points } no 5
dashboard-indicators = Rādītāji
dashboard-baseline = Bāzes vērtība
dashboard-latest = Pēdējā vērtība
dashboard-target = Mērķa vērtība
dashboard-achievement = Sasniegtais līmenis
dashboard-forecast = Prognoze
track-no-data = Pagaidām nav datu
dashboard-by-office = Pēc atbildīgās struktūrvienības
dashboard-by-organisation = Pēc atbildīgās organizācijas
dashboard-by-territory = Pa teritorijām
dashboard-published = Publicētie prakses piemēri
dashboard-confirmed-adoptions = Apstiprinātā pārņemšana
dashboard-reuse-rate = Atkalizmantošanas īpatsvars
dashboard-territories-reached = Aptvertās teritorijas
dashboard-top-reused = Visvairāk pārņemtie prakses piemēri
dashboard-participant-org-kind = Dalībnieka organizācijas veids
dashboard-responsible-org-kind = Atbildīgās organizācijas veids
dashboard-adopting-org-kind = Pārņēmējas organizācijas veids
dashboard-responses-note = Atbilžu īpatsvars, dienu mediāna līdz atbildei un pieņemto priekšlikumu īpatsvars ņem vērā oficiālās atbildes uz priekšlikumiem, komentāriem un grozījumu priekšlikumiem, ar kuriem sākas diskusija, bet ne uz ieguldījumiem, kas rakstīti kā atbilde citiem. Sadaļā “Jūs teicāt, mēs izdarījām” ir uzskaitīti arī tie.
dashboard-by-kind-note = Ietver katru komentāru, priekšlikumu un grozījumu priekšlikumu, arī tos, kas rakstīti kā atbilde citiem (tāpat kā apspriešanas ieguldījumu skaits), katru atbalstu un katras personas prioritātes punktus vienreiz katrā apspriešanā.
dashboard-contents = Šajā lapā
dashboard-summary = Kopsavilkums
dashboard-breakdowns = Pasākumi pa struktūrvienībām, organizācijām un teritorijām
dashboard-back-to-contents = Atpakaļ uz saturu
dashboard-other-indicators = Citi rādītāji
org-kind-citizen = Iedzīvotāji
contribution-kind-support = Atbalsts
contribution-kind-priority = Prioritātes punkti

## Kvalitātes attiecības
ratio-acceptance-rate = Pilnībā vai daļēji pieņemtie ieteikumi
ratio-influence = Pasākumi, kas radušies no priekšlikuma
ratio-response-rate = Ieteikumi ar oficiālu atbildi
ratio-timely-response-share = Atbildes, kas sniegtas 30 dienu laikā
ratio-accepted-proposals-to-actions = Pieņemtie priekšlikumi, kas kļuvuši par pasākumu
ratio-actions-with-indicator = Pasākumi, ko mēra ar rādītāju

# Following and e-mail
notification-followed-consultation = Jauns ieguldījums apspriešanā, kurai sekojat
notification-followed-thread = Jaunumi diskusijā, kurai sekojat
email-frequency-immediate = Uzreiz: viens e-pasts par katru paziņojumu
email-frequency-daily = Reizi dienā: dienas paziņojumu kopsavilkums
email-frequency-never = Nekad: tikai paziņojumu lapa
mail-digest-subject = PSPM: { $count } jauni paziņojumi
mail-digest-lead = Kopš pēdējā e-pasta jums ir { $count } jauni paziņojumi:
mail-footer-why = Jūs saņemat šo e-pastu, jo izvēlējāties: { $frequency }.
mail-footer-settings = Mainīt e-pastu biežumu
mail-footer-unsubscribe = Pārtraukt visus PSPM e-pastus
account-email-title = Paziņojumi e-pastā
account-email-text = Atbildes, oficiālās atbildes un jaunumi no apspriešanām un diskusijām, kurām sekojat, nonāk paziņojumu lapā un e-pastā, kā šeit izvēlaties. Dienas kopsavilkums tiek nosūtīts { $hour } (jūsu organizācijas laikā).
account-email-legend = Sūtīt man e-pastus
account-email-submit = Saglabāt e-pasta izvēli
unsubscribe-title = Pārtraukt e-pastus
unsubscribe-text = Tādējādi uz jūsu adresi vairs netiks sūtīti PSPM e-pasti. Paziņojumi paliek paziņojumu lapā, kad pierakstāties.
unsubscribe-submit = Pārtraukt visus e-pastus
unsubscribe-done = Jūs vairs nesaņemsiet e-pastus no PSPM.
unsubscribe-undo = Lai atkal saņemtu e-pastus, izvēlieties biežumu savā kontā:
unsubscribe-unknown = Šī atteikšanās saite nav derīga (tā var piederēt dzēstam kontam). E-pastu biežumu varat izvēlēties savā kontā:
follow-consultation = Sekot šai apspriešanai
unfollow-consultation = Pārtraukt sekot šai apspriešanai
following-consultation = Jūs tiekat informēts par katru jaunu ieguldījumu.
follow-consultation-hint = Saņemt ziņu par katru jaunu ieguldījumu.
follow-thread = Sekot šai diskusijai
unfollow-thread = Pārtraukt sekot šai diskusijai

# Amendments
consultation-amend = Ierosināt izmaiņas mērķī vai darbībā
consultation-amend-lead = Izvēlieties mērķi vai darbību, tad mainiet tā nosaukumu vai aprakstu. Plānotāji redz jūsu izmaiņas vārdu pa vārdam un var tās pieņemt plānā.
field-amend-node = Mērķis vai darbība
consultation-amend-pick = Rādīt tekstu
consultation-amend-submit = Ierosināt izmaiņas
amendment-lead = Ierosinātās izmaiņas (izņemtie vārdi pārsvītroti, pievienotie pasvītroti):
amendment-unchanged = nemainīts
amendment-removed = izņemts
amendment-added = pievienots
amendment-accept = Pieņemt izmaiņas
amendment-accept-lead = Mērķis vai darbība saņem šo nosaukumu un aprakstu, un grozījumam tiek atbildēts “Pieņemts” ar zemāk esošo tekstu.
amendment-accept-default = Paldies: izmaiņas ir veiktas plānā.
amendment-accept-submit = Pieņemt un mainīt plānu
error-amendment-unchanged = Mainiet nosaukumu vai aprakstu: tie ir tādi paši kā plānā tagad.
error-amendment-needs-node = Izvēlieties mērķi vai darbību (nevis jomu).
error-not-an-amendment = Tikai grozījums šādi maina plānu.
error-required-amendment = Ievadiet jauno aprakstu.
field-amended = Mainīts ar
node-amendment = grozījums Nr. { $number }

# Started-late tolerance
field-start-tolerance-days = Pielaides dienas pirms “sākta ar kavēšanos”
hint-start-tolerance = Darbība, kas sākas ne vairāk kā šo dienu skaitu pēc plānotā sākuma, netiek atzīmēta kā sākta ar kavēšanos (kavējums joprojām redzams). Tukšs vai 0: tiek atzīmēts jebkurš kavējums.
field-started-late = Sākta ar kavēšanos
plan-start-tolerance = { $days ->
    [0] darbība tiek atzīmēta, tiklīdz tā sākas pēc plānotā sākuma
    [zero] darbība tiek atzīmēta, ja tā sākas vairāk nekā { $days } dienas pēc plānotā sākuma
    [one] darbība tiek atzīmēta, ja tā sākas vairāk nekā { $days } dienu pēc plānotā sākuma
   *[other] darbība tiek atzīmēta, ja tā sākas vairāk nekā { $days } dienas pēc plānotā sākuma
}

# Where a problem of an imported plan is
import-place-plan = Plāns
import-place-file = Fails
import-place-node = Elements { $number } (kods “{ $code }”)
import-place-milestones = starpposms { $number }
import-place-indicators = rādītājs { $number }
import-place-targets = mērķvērtība { $number }
import-place-measurements = mērījums { $number }

# Plan page: folding and finding
indicator-chart-show = Diagramma: { $name }
plan-branch-fold = { $count ->
    [zero] { $count } elementi zem { $code }
    [one] { $count } elements zem { $code }
   *[other] { $count } elementi zem { $code }
}
plan-filter = Atrast elementus
plan-filter-any = Jebkurš
plan-filter-attention = Tikai elementi, kam jāpievērš uzmanība (kavējas vai ir riskā)
plan-filter-submit = Rādīt elementus
plan-filter-found = { $count ->
    [0] Neviens elements neatbilst
    [one] { $count } elements atbilst
   *[other] { $count } elementi atbilst
}
plan-filter-clear = Noņemt filtrus un rādīt visu plānu

# API pilnvaras un parole (issue 33)
tokens-title = API pilnvaras
tokens-lead = Pilnvara ļauj programmai (pārskatam, izklājlapai, skriptam) izmantot PSPM API jūsu vārdā. Tikai lasīšanas pilnvara var tikai lasīt; lasīšanas un rakstīšanas pilnvara var mainīt to, ko varat mainīt jūs. Katrai pilnvarai ir derīguma termiņš; atsauciet tās, kuras vairs neizmantojat. Mainot paroli, tiek atsauktas visas.
tokens-created-title = Jūsu jaunā pilnvara “{ $name }”
tokens-created-text = Nokopējiet to tagad un glabājiet drošībā: tā tiek parādīta tikai šoreiz. Sūtiet to kā “Authorization: Bearer”, kam seko pilnvara.
tokens-revoked = Pilnvara ir atsaukta. Programmas, kas to izmanto, turpmāk tiek noraidītas.
tokens-list-title = Jūsu pilnvaras
tokens-none = Jums nav API pilnvaru.
tokens-never-used = nekad nav izmantota
tokens-expired = beigusies
tokens-revoke = Atsaukt
tokens-new-title = Izveidot pilnvaru
tokens-name-hint = Lai vēlāk to atpazītu, piemēram, “mēneša pārskats”.
tokens-scope-legend = Ko tā drīkst darīt?
tokens-days-label = Derīguma termiņš
tokens-days = { $days ->
    [zero] { $days } dienas
    [one] { $days } diena
   *[other] { $days } dienas
}
tokens-create = Izveidot pilnvaru
tokens-col-scope = Piekļuve
tokens-col-created = Izveidota
tokens-col-last-used = Pēdējoreiz izmantota
tokens-col-expires = Beidzas
tokens-col-revoke = Atsaukt
token-scope-read = Tikai lasīšana
token-scope-write = Lasīšana un rakstīšana
field-current-password = Jūsu pašreizējā parole
field-new-password = Jaunā parole
hint-current-password = To prasa vēlreiz, lai aizsargātu jūsu kontu, ja šo pārlūku izmanto kāds cits.
hint-new-password = Vismaz 10 rakstzīmes.
account-password-title = Mainīt paroli
account-password-text = Pēc maiņas jūs šeit paliekat pierakstījies; visas pārējās sesijas un visas jūsu API pilnvaras beidzas.
account-password-changed = Jūsu parole ir nomainīta. Pārējās sesijas un jūsu API pilnvaras ir beigušās.
account-password-submit = Mainīt paroli
error-password-wrong = Parole nav pareiza.
error-required-token-name = Ievadiet pilnvaras nosaukumu.
error-required-current-password = Ievadiet savu pašreizējo paroli.
error-required-new-password = Ievadiet jaunu paroli.

## Aizmirsta parole
sign-in-forgot = Aizmirsāt paroli?
forgot-title = Izvēlieties jaunu paroli
forgot-lead = Ievadiet sava konta e-pasta adresi. Mēs uz to nosūtīsim saiti jaunas paroles izvēlei.
forgot-submit = Sūtīt man saiti
forgot-sent = Ja šo adresi izmanto kāds konts, mēs uz to nosūtījām saiti jaunas paroles izvēlei. Saite darbojas vienu reizi, { $minutes } minūtes. Ja tā nepienāk, pārbaudiet surogātpasta mapi.
forgot-back = Atpakaļ uz pieteikšanos
forgot-no-mail = Šī vietne nesūta e-pastus, tāpēc šeit paroli nevar atjaunot pa e-pastu. Lūdziet savas organizācijas administratoram iestatīt jums jaunu paroli.
reset-title = Iestatiet jaunu paroli
reset-submit = Saglabāt jauno paroli
reset-unusable = Šī saite vairs nedarbojas: tā jau ir izmantota vai tās laiks ir beidzies.
reset-ask-again = Pieprasīt jaunu saiti
reset-done = Jaunā parole ir saglabāta, un jūs esat izrakstīts visur. Piesakieties ar jauno paroli.
field-confirm-password = Atkārtojiet jauno paroli
error-password-mismatch = Abas paroles nesakrīt.
mail-reset-subject = Izvēlieties jaunu paroli
mail-reset-body = Kāds (ceram, ka jūs) lūdza izvēlēties jaunu paroli jūsu kontam. Atveriet šo saiti, lai to izdarītu; tā darbojas vienu reizi, { $minutes } minūtes:
    
    { $link }
    
    Ja jūs to nelūdzāt, neņemiet šo e-pastu vērā: jūsu parole paliek nemainīga.

# Files attached to plans and nodes
attachments-title = Faili
attachments-empty = Failu vēl nav.
attachment-change = Mainīt vai noņemt
attachment-save = Saglabāt
attachment-delete = Noņemt failu
attachment-add = Pievienot failu
attachment-upload = Augšupielādēt
field-file = Fails
field-file-language = Faila valoda
hint-file = PDF, PNG, JPEG, WebP, ODT, ODS, DOCX, XLSX, CSV vai TXT, līdz { $mb } MB.
file-size-kb = { $value } kB
file-size-mb = { $value } MB
error-file-missing-upload = Izvēlieties augšupielādējamo failu.
error-file-too-large = Fails pārsniedz ierobežojumu. Izvēlieties mazāku.
error-file-empty = Fails ir tukšs.
error-file-type = Failam jābūt PDF, PNG, JPEG, WebP, ODT, ODS, DOCX, XLSX, CSV vai TXT, un tā nosaukumam jābeidzas atbilstoši tipam.
attachment-edit-title = Fails “{ $title }”
attachments-see = Faili un dokumenti
files-page-title = Faili: { $title }
