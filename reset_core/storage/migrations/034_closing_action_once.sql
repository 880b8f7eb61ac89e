-- A closing's prevention action is kept once, as its record in prevention_actions
-- (migration 030 copied it there): the closing's own copy is emptied, so the text a
-- facilitator typed is stored exactly once.
UPDATE closings SET prevention_action = '', prevention_theme = NULL
WHERE id IN (SELECT closing_id FROM prevention_actions WHERE closing_id IS NOT NULL);
