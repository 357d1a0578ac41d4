package api

import (
	"net/http"

	"cultivate/internal/mail"
	"cultivate/internal/web"
)

// notificationSettings is what reaches the caller by email.
func (h *handler) notificationSettings(r *http.Request, _ noBody) (notificationSettingsJSON, error) {
	p, err := h.app.Mail.Preferences(r.Context(), web.UserFrom(r.Context()).ID)
	if err != nil {
		return notificationSettingsJSON{}, err
	}
	return newNotificationSettings(p, h.app.Mail.NextDigest()), nil
}

// setNotificationSettings changes the kinds the body names and the digest
// switch if given. A kind named twice is refused, like an unknown kind or
// choice, and nothing changes.
func (h *handler) setNotificationSettings(r *http.Request, in notificationSettingsUpdate) (notificationSettingsJSON, error) {
	u := mail.Update{WeeklyDigest: in.WeeklyDigest, Choices: map[string]string{}}
	for _, c := range in.Kinds {
		if _, dup := u.Choices[c.Kind]; dup {
			return notificationSettingsJSON{}, badRequest("kinds", "The kind “%s” is listed twice; list each kind once.", c.Kind)
		}
		u.Choices[c.Kind] = c.Choice
	}
	p, err := h.app.Mail.SetPreferences(r.Context(), web.UserFrom(r.Context()).ID, u)
	if err != nil {
		return notificationSettingsJSON{}, err
	}
	return newNotificationSettings(p, h.app.Mail.NextDigest()), nil
}
