# PSPM interface messages — English (leading catalogue).
# Every key here must exist in it, es and lv (a unit test checks).

app-name = PSPM
app-tagline = Participatory strategic planning
skip-to-content = Skip to main content
lang-switcher-label = Language
nav-label = Main navigation
nav-home = Home
nav-admin = Administration
nav-account = My account
nav-sign-in = Sign in
nav-sign-out = Sign out ({ $name })
footer-about = PSPM, the Participatory Strategic Planning Module: plans drafted together by public bodies and citizens, shared good practices, open data.
footer-api = API documentation (OpenAPI)
footer-status = Service status

home-title = Plan together, follow the results
home-lead = Ministries, regions, municipalities, agencies and citizens draft multi-year strategic plans together, share good practices and follow progress with shared indicators.
home-plans-title = Strategic plans
home-plans-text = Areas, objectives, actions and indicators with targets, from draft to monitoring.
home-consultations-title = Consultations
home-consultations-text = Comment, propose actions, support proposals and see what happened to every contribution.
home-practices-title = Good practices
home-practices-text = An open repository of practices that public bodies publish and reuse.
home-sign-in-cta = Sign in to take part

sign-in-title = Sign in
sign-in-submit = Sign in
title-with-errors = Error: { $title }

field-email = Email address
field-password = Password
field-name = Name
field-display-name = Full name
field-kind = Kind
field-level = Level of government
field-territory-code = Territory code
field-parent = Parent organisation
field-organisation = Organisation
field-role = Role
field-initial-password = Password
field-optional = optional
hint-territory-code = ISTAT or NUTS code, letters and digits only, for example ITI4.
hint-password-new = At least 10 characters. Give it to the person through a secure channel.
hint-password-keep = Leave empty to keep the current password.

error-summary-title = There is a problem
error-generic = Check { $field }.
error-required = Enter { $field }.
error-too-long = { $field } is too long.
error-invalid-characters = { $field } contains characters that are not allowed.
error-invalid-choice = Choose a valid value for { $field }.
error-email-invalid = Enter an email address in the correct format, like name@example.org.
error-password-too-short = The password must have at least 10 characters.
error-invalid-credentials = The email address or password is wrong.
error-too-many-attempts = Too many failed attempts. Wait 15 minutes and try again.
error-csrf-invalid = The form has expired. Reload the page and try again.
error-name-taken = An organisation with this name already exists.
error-email-taken = A user with this email address already exists.
error-parent-not-found = The parent organisation does not exist.
error-parent-cycle = An organisation cannot be placed under itself or one of its own sub-organisations.
error-organisation-not-found = The organisation does not exist.
error-territory-invalid = The territory code may contain only letters and digits.
error-cannot-demote-self = You cannot remove your own administrator role.
error-confirm-required = Tick the box to confirm that you want to delete your account.
error-user-deleted = This account was deleted and cannot be edited.

error-page-home-link = Go to the home page
error-page-400-title = The request could not be understood
error-page-400-text = Check the address or the form and try again.
error-page-401-title = Sign in to continue
error-page-401-text = This page is available to signed-in users.
error-page-403-title = You do not have access to this page
error-page-403-text = Your role does not allow this. If you think it should, contact an administrator.
error-page-404-title = Page not found
error-page-404-text = If you typed the address, check that it is correct. If you pasted it, check that you copied all of it.
error-page-409-title = This could not be saved
error-page-409-text = Someone changed the same data meanwhile. Reload the page and try again.
error-page-429-title = Too many attempts
error-page-429-text = Wait a few minutes and try again.
error-page-500-title = Sorry, there is a problem with the service
error-page-500-text = Try again later. What you had saved is safe.
error-page-503-title = The service is temporarily unavailable
error-page-503-text = The database cannot be reached. Try again in a few minutes.
error-page-413-title = The data sent is too large
error-page-413-text = Send less data at once and try again.
error-page-csrf-title = The form has expired
error-page-csrf-text = For your security, forms can only be sent from this site and for a limited time. Go back, reload the page and send the form again.

account-title = My account
account-export-title = Download your data
account-export-text = Get a copy of everything stored about you, as a JSON file.
account-export-link = Download my data (JSON)
account-delete-title = Delete your account
account-delete-text = Your personal data will be removed and you will be signed out. What you contributed stays, shown as by a former participant. This cannot be undone.
account-delete-confirm = I understand that my account will be deleted
account-delete-submit = Delete my account
former-participant = Former participant

admin-sections = Administration sections
admin-organisations = Organisations
admin-users = Users
org-new = Add an organisation
org-edit = Edit organisation
user-new = Add a user
user-edit = Edit user
notice-saved = Your changes have been saved.
back-to-list = Back to the list
save = Save
edit = Edit
actions = Actions
choose = Choose…
none = None

pager-label = Pages
pager-status = Page { $page } of { $pages } ({ $total } in all)
pager-previous = Previous page
pager-next = Next page

org-kind-ministry = Ministry
org-kind-region = Region
org-kind-province = Province
org-kind-municipality = Municipality
org-kind-agency = Agency
org-kind-other-public = Other public body
org-kind-nonprofit = Non-profit organisation
org-kind-company = Company
org-kind-university = University
org-kind-citizen-group = Citizens' group

org-level-eu = European Union
org-level-national = National
org-level-regional = Regional
org-level-local = Local

role-admin = Administrator
role-planner = Planner
role-member = Member of a public body
role-evaluator = Evaluator
role-citizen = Citizen
