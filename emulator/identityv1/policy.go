package identityv1

import (
	"crypto/rand"
	"math/big"
	"net/http"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

func (h *Handler) getPasswordRequirements(c *gin.Context) error {
	var set settings
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		set, err = tenantSettings(tx, platform.TenantOf(c))
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, set.PasswordRequirements)
	return nil
}

// meetsPolicy checks a password against the tenant's requirements.
func meetsPolicy(pw string, req passwordRequirements) bool {
	var lower, upper, digit, other bool
	n := 0
	for _, r := range pw {
		n++
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsLetter(r):
			other = true
		}
	}
	return n >= req.Length && (!req.Lowercase || lower) && (!req.Uppercase || upper) &&
		(!req.Digit || digit) && (!req.NonAlphanumeric || other)
}

// randomPassword makes a password that meets any of the policies idemu can hold.
func randomPassword(req passwordRequirements) string {
	const (
		lowers = "abcdefghijkmnopqrstuvwxyz"
		uppers = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digits = "23456789"
		others = "!#%+-=?@"
	)
	n := max(req.Length, 12)
	out := []byte{pick(lowers), pick(uppers), pick(digits), pick(others)}
	all := lowers + uppers + digits + others
	for len(out) < n {
		out = append(out, pick(all))
	}
	return string(out)
}

// randomDigits is a numeric one-time code.
func randomDigits(n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = pick("0123456789")
	}
	return string(out)
}

func pick(alphabet string) byte {
	i, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return alphabet[i.Int64()]
}
