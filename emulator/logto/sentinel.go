package logto

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The sentinel: Logto's lockout of an identifier after too many failed verifications.
// Every password, verification code and one-time token check of the Experience API is
// reported under the SHA-256 of the identifier; when the failures within the last hour
// reach the sign-in experience's sentinelPolicy.maxAttempts (100 by default) the
// identifier is blocked for lockoutDuration minutes (60), and every check answers
// session.verification_blocked_too_many_attempts until then. Password, code and token
// failures count together; each MFA factor (TOTP, backup code) counts on its own,
// against the user's id. POST /api/sentinel-activities/delete forgets an identifier's
// last hour, which unblocks it.

type sentinelActivity struct {
	ID                string `json:"id"`
	TargetType        string `json:"targetType"`
	TargetHash        string `json:"targetHash"`
	Action            string `json:"action"`
	ActionResult      string `json:"actionResult"`
	Decision          string `json:"decision"`
	DecisionExpiresAt int64  `json:"decisionExpiresAt"`
	CreatedAt         int64  `json:"createdAt"`
}

var sentinelActivities = store.Collection[sentinelActivity]{Name: "sentinel-activities"}

const (
	sentinelPassword     = "Password"
	sentinelCode         = "VerificationCode"
	sentinelOneTimeToken = "OneTimeToken"
	sentinelTotp         = "MfaTotp"
	sentinelBackupCode   = "MfaBackupCode"
	sentinelUser         = "User"
	sentinelBlocked      = "Blocked"
	sentinelAllowed      = "Allowed"
	// sentinelWindow is how far back failures count.
	sentinelWindow = time.Hour
)

// pooledSentinelActions share one count of failures.
var pooledSentinelActions = []string{sentinelPassword, sentinelCode, sentinelOneTimeToken}

func sentinelPool(action string) []string {
	if slices.Contains(pooledSentinelActions, action) {
		return pooledSentinelActions
	}
	return []string{action}
}

func sentinelHash(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// sentinelPolicyOf is the sign-in experience's policy over Logto's defaults.
func sentinelPolicyOf(tx *store.Tx, tenant string) (maxAttempts, lockoutMinutes int, err error) {
	sie, err := loadSignInExperience(tx, tenant)
	if err != nil {
		return 0, 0, err
	}
	policy := struct {
		MaxAttempts     *int `json:"maxAttempts"`
		LockoutDuration *int `json:"lockoutDuration"`
	}{}
	sie.decode("sentinelPolicy", &policy)
	maxAttempts, lockoutMinutes = 100, 60
	if policy.MaxAttempts != nil {
		maxAttempts = *policy.MaxAttempts
	}
	if policy.LockoutDuration != nil {
		lockoutMinutes = *policy.LockoutDuration
	}
	return maxAttempts, lockoutMinutes, nil
}

// sentinelDecide is BasicSentinel's decision for one more activity of a target: a
// standing block holds; otherwise enough failures in the window block now.
func sentinelDecide(tx *store.Tx, tenant, hash, action string, failed bool) (string, int64, error) {
	now := tx.Now()
	pool := sentinelPool(action)
	var blockedUntil int64
	failures := 0
	err := sentinelActivities.Each(tx, tenant, func(_ string, a sentinelActivity) bool {
		if a.TargetType != sentinelUser || a.TargetHash != hash || !slices.Contains(pool, a.Action) {
			return true
		}
		switch {
		case a.Decision == sentinelBlocked && a.DecisionExpiresAt > now.UnixMilli():
			blockedUntil = max(blockedUntil, a.DecisionExpiresAt)
		case a.Decision != sentinelBlocked && a.ActionResult == "Failed" && a.CreatedAt > now.Add(-sentinelWindow).UnixMilli():
			failures++
		}
		return true
	})
	if err != nil || blockedUntil > 0 {
		return sentinelBlocked, blockedUntil, err
	}
	maxAttempts, lockout, err := sentinelPolicyOf(tx, tenant)
	if err != nil {
		return "", 0, err
	}
	if failed {
		failures++
	}
	if failures >= maxAttempts {
		return sentinelBlocked, now.Add(time.Duration(lockout) * time.Minute).UnixMilli(), nil
	}
	return sentinelAllowed, now.UnixMilli(), nil
}

// sentinelCountedFailure tells the failures a verification reports (a wrong password,
// code, token or MFA code) from the request's other failures.
func sentinelCountedFailure(err error) bool {
	var ae *apiError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.Code == "session.invalid_credentials" || strings.HasPrefix(ae.Code, "verification_code.") ||
		strings.HasPrefix(ae.Code, "one_time_token.") || ae.Code == "session.mfa.invalid_totp_code" ||
		ae.Code == "session.mfa.invalid_backup_code"
}

// withSentinel runs a verification of target under the sentinel. A blocked target is
// refused without the check; otherwise the outcome is recorded, and a failure that
// reaches the limit is answered with the block rather than the failure itself.
func (h *Handler) withSentinel(c *gin.Context, action, target string, verify func() error) error {
	if target == "" {
		return verify()
	}
	tenant, hash := platform.TenantOf(c), sentinelHash(target)
	var decision string
	var until int64
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		decision, until, err = sentinelDecide(tx, tenant, hash, action, false)
		return err
	})
	if err != nil {
		return err
	}
	verr, minutes := error(nil), 0
	if decision != sentinelBlocked {
		verr = verify()
		if verr != nil && !sentinelCountedFailure(verr) {
			return verr
		}
	}
	err = h.deps.Store.Update(func(tx *store.Tx) (err error) {
		failed := decision == sentinelBlocked || verr != nil
		decision, until, err = sentinelDecide(tx, tenant, hash, action, failed)
		if err != nil {
			return err
		}
		result := "Success"
		if failed {
			result = "Failed"
		}
		a := sentinelActivity{ID: standardID(), TargetType: sentinelUser, TargetHash: hash, Action: action,
			ActionResult: result, Decision: decision, DecisionExpiresAt: until, CreatedAt: tx.Now().UnixMilli()}
		keep := tx.Now().Add(sentinelWindow)
		if blockEnd := time.UnixMilli(until); blockEnd.After(keep) {
			keep = blockEnd
		}
		if decision == sentinelBlocked {
			minutes = int(math.Round(float64(until-tx.Now().UnixMilli()) / 60000))
		}
		return sentinelActivities.PutTTL(tx, tenant, a.ID, a, keep)
	})
	if err != nil {
		return err
	}
	if decision == sentinelBlocked {
		return fail(http.StatusBadRequest, "session.verification_blocked_too_many_attempts",
			"relativeTime", relativeMinutes(minutes))
	}
	return verr
}

// relativeMinutes is Intl.RelativeTimeFormat("en").format(n, "minute").
func relativeMinutes(n int) string {
	switch {
	case n == 1:
		return "in 1 minute"
	case n == -1:
		return "1 minute ago"
	case n < 0:
		return fmt.Sprintf("%d minutes ago", -n)
	}
	return fmt.Sprintf("in %d minutes", n)
}

// deleteSentinelActivities forgets the last hour of the targets' activities.
func (h *Handler) deleteSentinelActivities(c *gin.Context) error {
	var in struct {
		TargetType string   `json:"targetType"`
		Targets    []string `json:"targets"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	hashes := map[string]bool{}
	for _, t := range in.Targets {
		hashes[sentinelHash(t)] = true
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		since := tx.Now().Add(-sentinelWindow).UnixMilli()
		var drop []string
		err := sentinelActivities.Each(tx, tenant, func(id string, a sentinelActivity) bool {
			if a.TargetType == in.TargetType && hashes[a.TargetHash] && a.CreatedAt > since {
				drop = append(drop, id)
			}
			return true
		})
		for _, id := range drop {
			if err == nil {
				err = sentinelActivities.Delete(tx, tenant, id)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
