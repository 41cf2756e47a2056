package identityv1

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// settings are a tenant's policies. Fixtures may override any of them under a
// tenant's `settings:` key, using these JSON names.
type settings struct {
	PasswordRequirements passwordRequirements `json:"password-requirements"`
	Questions            []securityQuestion   `json:"security-questions"`
	LinkedLoginProviders []string             `json:"linked-login-providers"`
	AccessTokenTTL       duration             `json:"access-token-ttl"`
	RefreshTokenTTL      duration             `json:"refresh-token-ttl"`
	VerificationTTL      duration             `json:"verification-ttl"`
	LockoutThreshold     int                  `json:"lockout-threshold"`
	LockoutDuration      duration             `json:"lockout-duration"`
}

type passwordRequirements struct {
	Length          int  `json:"length"`
	NonAlphanumeric bool `json:"non-alphanumeric"`
	Lowercase       bool `json:"lowercase"`
	Uppercase       bool `json:"uppercase"`
	Digit           bool `json:"digit"`
}

type securityQuestion struct {
	QuestionID       string            `json:"question-id"`
	Question         string            `json:"question"`
	Description      string            `json:"description,omitempty"`
	AnswerFormatType string            `json:"answer-format-type,omitempty"`
	AnswerFormat     string            `json:"answer-format,omitempty"`
	AvailableAnswers []availableAnswer `json:"available-answers,omitempty"`
}

type availableAnswer struct {
	Value string `json:"value"`
	Text  string `json:"text"`
}

// duration reads "15m" style strings (or seconds as a number) from fixtures.
type duration time.Duration

func (d duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("duration %q: %w", s, err)
		}
		*d = duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("duration must be a string like \"15m\" or seconds")
	}
	*d = duration(time.Duration(secs * float64(time.Second)))
	return nil
}

// defaultSettings: the password policy is the example in ASEE's published
// definition; the rest are idemu's choices (README, Identity API v1 assumptions).
func defaultSettings() settings {
	return settings{
		PasswordRequirements: passwordRequirements{Length: 10, NonAlphanumeric: true, Lowercase: true},
		Questions: []securityQuestion{
			{QuestionID: "first-pet", Question: "What was the name of your first pet?", AnswerFormatType: "free-text"},
			{QuestionID: "birth-city", Question: "In which city were you born?", AnswerFormatType: "free-text"},
			{QuestionID: "first-school", Question: "What was the name of your first school?", AnswerFormatType: "free-text"},
			{QuestionID: "favourite-colour", Question: "What is your favourite colour?", AnswerFormatType: "choice",
				AvailableAnswers: []availableAnswer{{"red", "Red"}, {"green", "Green"}, {"blue", "Blue"}, {"other", "Other"}}},
		},
		LinkedLoginProviders: []string{"facebook", "google", "microsoft", "apple", "twitter", "linkedin"},
		AccessTokenTTL:       duration(time.Hour),
		RefreshTokenTTL:      duration(30 * 24 * time.Hour),
		VerificationTTL:      duration(10 * time.Minute),
		LockoutThreshold:     5,
		LockoutDuration:      duration(15 * time.Minute),
	}
}

const settingsID = "tenant"

// tenantSettings reads a tenant's settings; a tenant that was never seeded does not
// exist (store.ErrNotFound).
func tenantSettings(tx *store.Tx, tenant string) (settings, error) {
	return settingsC.Get(tx, tenant, settingsID)
}

// mergeSettings applies a fixture's overrides on top of base. A misspelt setting is an
// error, as a misspelt fixture key is, rather than a policy silently left as it was.
func mergeSettings(base settings, overrides map[string]any) (settings, error) {
	if len(overrides) == 0 {
		return base, nil
	}
	b, err := json.Marshal(overrides)
	if err != nil {
		return base, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&base); err != nil {
		return base, fmt.Errorf("settings: %w", err)
	}
	return base, base.check()
}

// maxPasswordLength is the contract's bound on a password: a policy asking for more
// could never be met, and a password reset would build a password that long.
const maxPasswordLength = 128

// check refuses settings no tenant can work with.
func (s settings) check() error {
	if n := s.PasswordRequirements.Length; n < 0 || n > maxPasswordLength {
		return fmt.Errorf("settings: password-requirements.length must be between 0 and %d", maxPasswordLength)
	}
	for name, d := range map[string]duration{"access-token-ttl": s.AccessTokenTTL, "refresh-token-ttl": s.RefreshTokenTTL,
		"verification-ttl": s.VerificationTTL, "lockout-duration": s.LockoutDuration} {
		if d <= 0 {
			return fmt.Errorf("settings: %s must be a positive duration", name)
		}
	}
	if s.LockoutThreshold < 0 {
		return errors.New("settings: lockout-threshold must not be negative (0 turns lockout off)")
	}
	return nil
}

func (q securityQuestion) find(list []securityQuestion, id string) (securityQuestion, bool) {
	for _, x := range list {
		if x.QuestionID == id {
			return x, true
		}
	}
	return q, false
}
