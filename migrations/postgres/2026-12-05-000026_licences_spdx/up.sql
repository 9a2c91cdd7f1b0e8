-- Licences as SPDX identifiers: the INTERLINK catalogue's kinds of licence
-- (which name no licence) become LicenseRef- identifiers.
UPDATE practices SET licence = CASE licence
    WHEN 'public_domain' THEN 'LicenseRef-PublicDomain'
    WHEN 'permissive' THEN 'LicenseRef-Permissive'
    WHEN 'copyleft' THEN 'LicenseRef-Copyleft'
    ELSE 'LicenseRef-Proprietary'
  END
WHERE licence IN ('public_domain', 'permissive', 'copyleft', 'propietary', 'proprietary');
