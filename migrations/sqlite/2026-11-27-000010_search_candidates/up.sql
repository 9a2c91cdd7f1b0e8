-- Nothing to add on SQLite: practice_texts (practice_id, lang) already finds a
-- practice's texts. The migration exists so both backends share one version list.
SELECT 1;
