-- "Last used" on Connected Applications: every access token issued to an app marks the user's consent
-- as used. A trigger keeps this out of the token endpoint's hot path (one statement fewer per grant).
CREATE TRIGGER `oauth_tokens_mark_consent_used` AFTER INSERT ON `oauth_tokens`
WHEN NEW.`kind` = 'access'
BEGIN
  UPDATE `oauth_consents` SET `last_used_at` = NEW.`created_at`
  WHERE `user_id` = NEW.`user_id` AND `client_id` = NEW.`client_id`;
END;
