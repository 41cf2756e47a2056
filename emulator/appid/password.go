package appid

import (
	"fmt"
	"strings"
	"time"

	"github.com/dlclark/regexp2"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// maxPasswordHistory is how many previous passwords a user keeps for the reuse rule
// (App ID allows at most 8).
const maxPasswordHistory = 8

// regexTimeout bounds a tenant's password regex, which may backtrack badly.
const regexTimeout = 100 * time.Millisecond

// checkPassword applies the tenant's password rules to a new password: its regex,
// and with advanced password management the username, reuse and minimum-interval
// rules. u is the user as stored before the change (nil on creation). A refusal is
// App ID's SCIM invalidValue error.
func checkPassword(tx *store.Tx, tenant string, u *cdUser, candidate cdUser, pw string) error {
	if pw == "" {
		return scimInvalid("The password must not be empty")
	}
	policy, err := decodeConfig[passwordPolicy](tx, tenant, areaPasswordRegex)
	if err != nil {
		return err
	}
	if policy.Regex != "" {
		re, err := regexp2.Compile(policy.Regex, regexp2.ECMAScript)
		if err != nil {
			return err // stored regexes were compiled when they were set
		}
		re.MatchTimeout = regexTimeout
		if ok, err := re.MatchString(pw); err != nil || !ok {
			msg := policy.ErrorMessage
			if msg == "" {
				msg = "The password does not match the password policy"
			}
			return scimInvalid(msg)
		}
	}
	apm, err := decodeConfig[apmSettings](tx, tenant, areaAPM)
	if err != nil || !apm.APM.Enabled {
		return err
	}
	if apm.APM.PreventPasswordWithUsername.Enabled {
		lower := strings.ToLower(pw)
		for _, name := range []string{candidate.UserName, localPart(candidate.primaryEmail())} {
			if name != "" && strings.Contains(lower, strings.ToLower(name)) {
				return scimInvalid("The password must not contain the username")
			}
		}
	}
	if u == nil {
		return nil
	}
	if p := apm.APM.MinPasswordChangeInterval; p.Enabled && p.Config.MinHoursToChangePassword > 0 {
		next := u.PasswordChangedAt.Add(time.Duration(p.Config.MinHoursToChangePassword) * time.Hour)
		if tx.Now().Before(next) {
			return scimInvalid(fmt.Sprintf("The password can be changed again after %d hours", p.Config.MinHoursToChangePassword))
		}
	}
	if p := apm.APM.PasswordReuse; p.Enabled {
		recent := append([]string{u.PasswordHash}, u.PasswordHistory...)
		if len(recent) > p.Config.MaxPasswordReuse {
			recent = recent[:p.Config.MaxPasswordReuse]
		}
		for _, h := range recent {
			if platform.PasswordMatches(h, pw) {
				return scimInvalid(fmt.Sprintf("The password must differ from the last %d passwords", p.Config.MaxPasswordReuse))
			}
		}
	}
	return nil
}

func localPart(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}

// setPassword stores a new password hash, keeping the previous ones for the reuse rule.
func (h *Handler) setPassword(u *cdUser, pw string, now time.Time) error {
	hash, err := platform.HashPassword(pw, h.deps.BcryptCost)
	if err != nil {
		return err
	}
	if u.PasswordHash != "" {
		u.PasswordHistory = append([]string{u.PasswordHash}, u.PasswordHistory...)
		if len(u.PasswordHistory) > maxPasswordHistory {
			u.PasswordHistory = u.PasswordHistory[:maxPasswordHistory]
		}
	}
	u.PasswordHash, u.PasswordChangedAt = hash, now
	return nil
}
