UPDATE practices SET licence = CASE licence
    WHEN 'LicenseRef-PublicDomain' THEN 'public_domain'
    WHEN 'LicenseRef-Permissive' THEN 'permissive'
    WHEN 'LicenseRef-Copyleft' THEN 'copyleft'
    ELSE 'propietary'
  END
WHERE licence IN ('LicenseRef-PublicDomain', 'LicenseRef-Permissive', 'LicenseRef-Copyleft', 'LicenseRef-Proprietary');
