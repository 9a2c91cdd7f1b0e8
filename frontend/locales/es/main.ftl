# Mensajes de la interfaz de PSPM — español.
# Toda clave del catálogo inglés debe existir también en it, es y lv (lo comprueba una prueba unitaria).

app-name = PSPM
app-tagline = Planificación estratégica participativa
skip-to-content = Saltar al contenido principal
lang-switcher-label = Idioma
nav-label = Navegación principal
nav-home = Inicio
nav-admin = Administración
nav-account = Mi cuenta
nav-sign-in = Iniciar sesión
nav-sign-out = Cerrar sesión ({ $name })
footer-about = PSPM, el Módulo de Planificación Estratégica Participativa: planes elaborados conjuntamente por los organismos públicos y la ciudadanía, buenas prácticas compartidas, datos abiertos.
footer-api = Documentación de la API (OpenAPI)
footer-status = Estado del servicio

home-title = Planificar en común, seguir los resultados
home-lead = Ministerios, regiones, municipios, agencias y ciudadanía elaboran conjuntamente planes estratégicos plurianuales, comparten buenas prácticas y siguen los avances mediante indicadores comunes.
home-plans-title = Planes estratégicos
home-plans-text = Ámbitos, objetivos, acciones e indicadores con metas, desde el borrador hasta el seguimiento.
home-consultations-title = Consultas
home-consultations-text = Comente, proponga acciones, apoye propuestas y consulte qué ha ocurrido con cada contribución.
home-practices-title = Buenas prácticas
home-practices-text = Un repositorio abierto de prácticas que los organismos públicos publican y reutilizan.
home-sign-in-cta = Inicie sesión para participar

sign-in-title = Iniciar sesión
sign-in-submit = Iniciar sesión
title-with-errors = Error: { $title }

field-email = Dirección de correo electrónico
field-password = Contraseña
field-name = Nombre
field-display-name = Nombre y apellidos
field-kind = Tipo
field-level = Nivel de administración
field-territory-code = Código territorial
field-parent = Organización superior
field-organisation = Organización
field-role = Rol
field-initial-password = Contraseña
field-optional = opcional
hint-territory-code = Código ISTAT o NUTS, solo letras y cifras, por ejemplo ITI4.
hint-password-new = Al menos 10 caracteres. Comuníquesela a la persona interesada por un canal seguro.
hint-password-keep = Déjelo en blanco para mantener la contraseña actual.

error-summary-title = Se ha producido un problema
error-generic = Revise el campo «{ $field }».
error-required = Complete el campo «{ $field }».
error-too-long = El campo «{ $field }» es demasiado largo.
error-invalid-characters = El campo «{ $field }» contiene caracteres no permitidos.
error-invalid-choice = Elija un valor válido para el campo «{ $field }».
error-email-invalid = Introduzca una dirección de correo electrónico con el formato correcto, como name@example.org.
error-password-too-short = La contraseña debe tener al menos 10 caracteres.
error-invalid-credentials = La dirección de correo electrónico o la contraseña no son correctas.
error-too-many-attempts = Demasiados intentos fallidos. Espere 15 minutos y vuelva a intentarlo.
error-csrf-invalid = El formulario ha caducado. Vuelva a cargar la página e inténtelo de nuevo.
error-name-taken = Ya existe una organización con este nombre.
error-email-taken = Ya existe un usuario con esta dirección de correo electrónico.
error-parent-not-found = La organización superior no existe.
error-parent-cycle = Una organización no puede situarse bajo sí misma ni bajo ninguna de las organizaciones que dependen de ella.
error-organisation-not-found = La organización no existe.
error-territory-invalid = El código territorial solo puede contener letras y cifras.
error-cannot-demote-self = No puede retirar su propio rol de administrador.
error-confirm-required = Marque la casilla para confirmar que desea eliminar su cuenta.
error-user-deleted = Esta cuenta se ha eliminado y no se puede modificar.

error-page-home-link = Ir a la página de inicio
error-page-400-title = No se ha podido interpretar la solicitud
error-page-400-text = Revise la dirección o el formulario e inténtelo de nuevo.
error-page-401-title = Inicie sesión para continuar
error-page-401-text = Esta página solo está disponible para usuarios que hayan iniciado sesión.
error-page-403-title = No tiene acceso a esta página
error-page-403-text = Su rol no lo permite. Si considera que debería tener acceso, póngase en contacto con un administrador.
error-page-404-title = Página no encontrada
error-page-404-text = Si ha escrito la dirección, compruebe que es correcta. Si la ha pegado, compruebe que la ha copiado completa.
error-page-409-title = No se ha podido guardar
error-page-409-text = Otra persona ha modificado los mismos datos mientras tanto. Vuelva a cargar la página e inténtelo de nuevo.
error-page-429-title = Demasiados intentos
error-page-429-text = Espere unos minutos y vuelva a intentarlo.
error-page-500-title = Lo sentimos, se ha producido un problema con el servicio
error-page-500-text = Inténtelo de nuevo más tarde. Lo que ya había guardado está a salvo.
error-page-503-title = El servicio no está disponible temporalmente
error-page-503-text = No se puede acceder a la base de datos. Inténtelo de nuevo dentro de unos minutos.
error-page-413-title = Los datos enviados son demasiado grandes
error-page-413-text = Envíe menos datos a la vez e inténtelo de nuevo.
error-page-csrf-title = El formulario ha caducado
error-page-csrf-text = Por su seguridad, los formularios solo pueden enviarse desde este sitio y durante un tiempo limitado. Vuelva atrás, recargue la página y envíe de nuevo el formulario.

account-title = Mi cuenta
account-export-title = Descargar sus datos
account-export-text = Obtenga una copia de todos los datos almacenados sobre usted, en un archivo JSON.
account-export-link = Descargar mis datos (JSON)
account-delete-title = Eliminar su cuenta
account-delete-text = Sus datos personales se eliminarán y se cerrará su sesión. Sus contribuciones se conservarán y figurarán como de un antiguo participante. Esta acción no se puede deshacer.
account-delete-confirm = Entiendo que mi cuenta será eliminada
account-delete-submit = Eliminar mi cuenta
former-participant = Antiguo participante

admin-sections = Secciones de administración
admin-organisations = Organizaciones
admin-users = Usuarios
org-new = Añadir una organización
org-edit = Editar organización
user-new = Añadir un usuario
user-edit = Editar usuario
notice-saved = Se han guardado los cambios.
back-to-list = Volver a la lista
save = Guardar
edit = Editar
actions = Acciones
choose = Seleccione…
none = Ninguna

pager-label = Paginación
pager-status = Página { $page } de { $pages } ({ $total } en total)
pager-previous = Página anterior
pager-next = Página siguiente

org-kind-ministry = Ministerio
org-kind-region = Región
org-kind-province = Provincia
org-kind-municipality = Municipio
org-kind-agency = Agencia
org-kind-other-public = Otro organismo público
org-kind-nonprofit = Organización sin ánimo de lucro
org-kind-company = Empresa
org-kind-university = Universidad
org-kind-citizen-group = Grupo de ciudadanos

org-level-eu = Unión Europea
org-level-national = Nacional
org-level-regional = Regional
org-level-local = Local

role-admin = Administrador
role-planner = Planificador
role-member = Miembro de un organismo público
role-evaluator = Evaluador
role-citizen = Ciudadano
