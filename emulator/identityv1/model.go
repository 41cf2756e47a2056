package identityv1

import (
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// user is a stored user profile. Field names are Go's; the wire format is built by
// userView so that response shaping works on the documented kebab-case names.
type user struct {
	ID                  string            `json:"id"`
	Username            string            `json:"username"`
	PasswordHash        string            `json:"password_hash"`
	CustomerNumber      string            `json:"customer_number,omitempty"`
	FirstName           string            `json:"first_name,omitempty"`
	LastName            string            `json:"last_name,omitempty"`
	Email               string            `json:"email,omitempty"`
	EmailVerified       bool              `json:"email_verified"`
	Phone               string            `json:"phone,omitempty"`
	PhoneVerified       bool              `json:"phone_verified"`
	HintPictureURL      string            `json:"hint_picture_url,omitempty"`
	ProfilePictureURL   string            `json:"profile_picture_url,omitempty"`
	LinkedLogins        []linkedLogin     `json:"linked_logins,omitempty"`
	MultifactorEnabled  bool              `json:"multifactor_enabled"`
	LastLogin           *time.Time        `json:"last_login,omitempty"`
	LastAnswerValidated *time.Time        `json:"last_answer_validated,omitempty"`
	LastPasswordReset   *time.Time        `json:"last_password_reset,omitempty"`
	LockExpires         *time.Time        `json:"lock_expires,omitempty"`
	FailedLogins        int               `json:"failed_logins,omitempty"`
	Answers             map[string]string `json:"answers,omitempty"` // question-id -> hash of the normalised answer
	EmailVerification   *verification     `json:"email_verification,omitempty"`
	PhoneVerification   *verification     `json:"phone_verification,omitempty"`
	CreatedAt           time.Time         `json:"created_at"`
}

type linkedLogin struct {
	Login    string `json:"login"`
	Provider string `json:"provider"`
}

// verification is a pending email or phone confirmation.
type verification struct {
	Value    string    `json:"value"`
	CodeHash string    `json:"code_hash"`
	Expires  time.Time `json:"expires"`
}

// locked reports whether the account is locked at now.
func (u *user) locked(now time.Time) bool {
	return u.LockExpires != nil && now.Before(*u.LockExpires)
}

func (u *user) status(now time.Time) string {
	if u.locked(now) {
		return "locked"
	}
	return "active"
}

// client is an OAuth client of the Authentication API.
type client struct {
	ID     string   `json:"id"`
	Secret string   `json:"secret"` // kept as given: it is listed by /_emulator/info anyway
	Name   string   `json:"name,omitempty"`
	Grants []string `json:"grants"`
	Scopes []string `json:"scopes,omitempty"` // empty = any scope
}

// seededCredential remembers a fixture user's password for /_emulator/info.
type seededCredential struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email,omitempty"`
}

var (
	users     = store.Collection[user]{Name: "users"}
	clients   = store.Collection[client]{Name: "clients"}
	seeded    = store.Collection[seededCredential]{Name: "seeded-users"}
	settingsC = store.Collection[settings]{Name: "settings"}
)

// Unique indexes of the users collection.
const (
	byUsername = "username"
	byEmail    = "email"
	byPhone    = "phone"
	byLogin    = "login" // "<provider>|<login>"
)

func loginKey(provider, login string) string { return provider + "|" + login }
