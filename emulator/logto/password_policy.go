package logto

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The sign-in experience's password policy, as Logto's password policy checker reads
// it: length bounds, the number of character types (lower, upper, digits, symbols),
// and rejections (repetition and sequences, the user's own information, custom words).
// The pwned-password rejection needs the Have I Been Pwned API, which idemu does not
// call.

type passwordPolicy struct {
	Length struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"length"`
	CharacterTypes struct {
		Min int `json:"min"`
	} `json:"characterTypes"`
	Rejects struct {
		RepetitionAndSequence bool     `json:"repetitionAndSequence"`
		UserInfo              bool     `json:"userInfo"`
		Words                 []string `json:"words"`
	} `json:"rejects"`
}

// policyOf reads the stored policy over the checker's defaults.
func policyOf(sie signInExperience) passwordPolicy {
	var p passwordPolicy
	p.Length.Min, p.Length.Max, p.CharacterTypes.Min = 8, 256, 1
	p.Rejects.RepetitionAndSequence, p.Rejects.UserInfo = true, true
	sie.decode("passwordPolicy", &p)
	return p
}

type passwordIssue struct {
	Code          string         `json:"code"`
	Interpolation map[string]any `json:"interpolation,omitempty"`
}

// sequences are the runs the checker treats as sequential characters.
var sequences = []string{"0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm"}

func hasRepetition(pw string) bool {
	r := []rune(pw)
	for i := 2; i < len(r); i++ {
		if r[i] == r[i-1] && r[i] == r[i-2] {
			return true
		}
	}
	return false
}

func hasSequence(pw string) bool {
	lower := strings.ToLower(pw)
	for i := 0; i+3 <= len(lower); i++ {
		chunk := lower[i : i+3]
		for _, s := range sequences {
			if strings.Contains(s, chunk) || strings.Contains(reverse(s), chunk) {
				return true
			}
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// userInfoParts are the pieces of a user a password must not contain.
func userInfoParts(u user) []string {
	var out []string
	for _, v := range []*string{u.Username, u.Name, u.PrimaryPhone} {
		if deref(v) != "" {
			out = append(out, strings.ToLower(deref(v)))
		}
	}
	if e := deref(u.PrimaryEmail); e != "" {
		out = append(out, strings.ToLower(e), strings.ToLower(strings.SplitN(e, "@", 2)[0]))
	}
	for _, part := range strings.Fields(deref(u.Name)) {
		out = append(out, strings.ToLower(part))
	}
	return out
}

// check lists the policy's complaints about a password (for a user, when known).
func (p passwordPolicy) check(pw string, u *user) []passwordIssue {
	var issues []passwordIssue
	n := len([]rune(pw))
	if n < p.Length.Min {
		issues = append(issues, passwordIssue{Code: "password_rejected.too_short", Interpolation: map[string]any{"min": p.Length.Min}})
	}
	if n > p.Length.Max {
		issues = append(issues, passwordIssue{Code: "password_rejected.too_long", Interpolation: map[string]any{"max": p.Length.Max}})
	}
	types := map[string]bool{}
	for _, r := range pw {
		switch {
		case r > unicode.MaxASCII || unicode.IsControl(r) || r == ' ':
			types["unsupported"] = true
		case unicode.IsLower(r):
			types["lower"] = true
		case unicode.IsUpper(r):
			types["upper"] = true
		case unicode.IsDigit(r):
			types["digit"] = true
		default:
			types["symbol"] = true
		}
	}
	if types["unsupported"] {
		issues = append(issues, passwordIssue{Code: "password_rejected.unsupported_characters"})
		delete(types, "unsupported")
	}
	if len(types) < p.CharacterTypes.Min {
		issues = append(issues, passwordIssue{Code: "password_rejected.character_types", Interpolation: map[string]any{"min": p.CharacterTypes.Min}})
	}
	if p.Rejects.RepetitionAndSequence && hasRepetition(pw) {
		issues = append(issues, passwordIssue{Code: "password_rejected.restricted.repetition"})
	}
	if p.Rejects.RepetitionAndSequence && hasSequence(pw) {
		issues = append(issues, passwordIssue{Code: "password_rejected.restricted.sequence"})
	}
	lower := strings.ToLower(pw)
	if p.Rejects.UserInfo && u != nil {
		for _, part := range userInfoParts(*u) {
			if len(part) >= 3 && strings.Contains(lower, part) {
				issues = append(issues, passwordIssue{Code: "password_rejected.restricted.user_info"})
				break
			}
		}
	}
	for _, w := range p.Rejects.Words {
		if w != "" && strings.Contains(lower, strings.ToLower(w)) {
			issues = append(issues, passwordIssue{Code: "password_rejected.restricted.words"})
			break
		}
	}
	return issues
}

func (h *Handler) checkPassword(c *gin.Context) error {
	var in struct {
		Password string `json:"password"`
		UserID   string `json:"userId"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var issues []passwordIssue
	err := h.deps.Store.View(func(tx *store.Tx) error {
		sie, err := loadSignInExperience(tx, tenant)
		if err != nil {
			return err
		}
		var u *user
		if in.UserID != "" {
			found, err := loadUser(tx, tenant, in.UserID)
			if err != nil {
				return err
			}
			u = &found
		}
		issues = policyOf(sie).check(in.Password, u)
		return nil
	})
	if err != nil {
		return err
	}
	if len(issues) == 0 {
		return h.respond(c, http.StatusOK, ordered{{"result", true}})
	}
	return h.respond(c, http.StatusOK, ordered{{"result", false}, {"issues", issues}})
}
