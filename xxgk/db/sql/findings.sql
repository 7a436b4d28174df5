-- name: forget_judged
-- definition: Remove the findings of the given rules about the reports in the temporary table
--   _judged (they are about to be computed again).
-- params:
--   $rules  the rule ids, a list
DELETE FROM findings WHERE list_contains($rules, rule) AND report_id IN (SELECT report_id FROM _judged);
