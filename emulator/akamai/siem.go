package akamai

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/ssh"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// SIEM event delivery states, as readStatus reports them. idemu activates and deactivates
// at once, so the queued and in-progress states Akamai also reports never show.
const (
	siemNotActivated = "not activated"
	siemActive       = "creation complete"
	siemDeactivated  = "deletion complete"
)

// siemMaxKeys: an app takes at most ten public keys, as documented.
const siemMaxKeys = 10

// SIEM event types idemu emits (its own catalogue: Akamai's full list was not available).
const (
	siemLogin                = "login"
	siemFailedLogin          = "failed_login"
	siemRegistration         = "registration"
	siemProfileUpdate        = "profile_update"
	siemProfileDelete        = "profile_delete"
	siemPasswordResetRequest = "password_reset_request"
	siemEmailVerification    = "email_verification"
	siemNewEmailVerification = "new_email_verification"
	siemConfigChange         = "config_change"
	siemTokenRevocation      = "token_revocation"
)

var siemEventTypes = []string{siemLogin, siemFailedLogin, siemRegistration, siemProfileUpdate, siemProfileDelete,
	siemPasswordResetRequest, siemEmailVerification, siemNewEmailVerification, siemConfigChange, siemTokenRevocation}

// siemState is an app's SIEM event delivery: its status, blocked event types and keys.
type siemState struct {
	Status    string   `json:"status"`
	Blocklist []string `json:"blocklist"`
	Keys      []string `json:"keys"`
}

var siemStates = store.Collection[siemState]{Name: "siem"}

const siemStateID = "state"

// siemPolicies: reading the status, blocklist and keys takes a client that reads
// records; changing anything takes an owner client.
var siemPolicies = map[string][]string{
	"siemReadStatus": configReaders, "siemReadBlocklist": configReaders, "siemReadBlocklistGet": configReaders,
	"siemReadKeys": configReaders, "siemReadKeysGet": configReaders,
}

func loadSIEM(tx *store.Tx, app string) (siemState, error) {
	s, err := siemStates.Get(tx, app, siemStateID)
	if errors.Is(err, store.ErrNotFound) {
		return siemState{Status: siemNotActivated, Blocklist: []string{}, Keys: []string{}}, nil
	}
	return s, err
}

// siemDestination is the outbox address of an app's SIEM deliveries, standing in for
// its Amazon S3 bucket.
func siemDestination(app string) string { return "siem://" + app }

// siemEmit delivers a SIEM event message when the app's delivery is active and the event
// type is not blocked: it lands in the outbox, on channel "siem", to siem://<app>.
func (h *Handler) siemEmit(app, eventType, clientID, endpoint string) {
	var active bool
	_ = h.deps.Store.View(func(tx *store.Tx) error {
		s, err := loadSIEM(tx, app)
		active = err == nil && s.Status == siemActive && !slices.Contains(s.Blocklist, eventType)
		return nil
	})
	if !active {
		return
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		msg, err := json.Marshal(map[string]any{"event_type": eventType, "app_id": app, "client_id": clientID,
			"endpoint_uri": endpoint, "timestamp": tx.Now().UTC().Format(time.RFC3339Nano)})
		if err != nil {
			return err
		}
		_, err = h.deps.Outbox.Send(tx, app, outbox.Message{Channel: "siem", To: siemDestination(app), Subject: eventType,
			Body: string(msg), Purpose: eventType})
		return err
	})
	if err != nil {
		h.deps.Logger.Error("SIEM delivery failed", "app", app, "event", eventType, "error", err)
	}
}

// captureSIEMEvents: the Capture operations that emit an event when they succeed.
var captureSIEMEvents = map[string]string{
	"authNativeTraditional": siemLogin, "authNative": siemLogin,
	"registerNativeTraditional": siemRegistration, "registerNative": siemRegistration,
	"updateEntity": siemProfileUpdate, "replaceEntity": siemProfileUpdate, "updateProfileNative": siemProfileUpdate,
	"deleteEntity": siemProfileDelete, "forgotPasswordNative": siemPasswordResetRequest,
	"useVerificationCode": siemEmailVerification, "verifyEmailNative": siemNewEmailVerification,
	"deleteEntityAccess": siemTokenRevocation,
	"createEntityType":   siemConfigChange, "addEntityTypeAttribute": siemConfigChange, "removeEntityTypeAttribute": siemConfigChange,
	"addEntityTypeRule": siemConfigChange, "removeEntityTypeRule": siemConfigChange, "setEntityTypeAttributeConstraints": siemConfigChange,
	"setEntityTypePasswordSettings": siemConfigChange, "setEntityTypeAccessSchema": siemConfigChange, "deleteEntityTypeAccessSchema": siemConfigChange,
	"addClient": siemConfigChange, "deleteClient": siemConfigChange, "setClientFeatures": siemConfigChange,
	"setClientDescription": siemConfigChange, "resetClientSecret": siemConfigChange, "setClientWhitelist": siemConfigChange,
	"clearClientWhitelist": siemConfigChange, "setSetting": siemConfigChange, "setSettings": siemConfigChange,
	"setDefaultSetting": siemConfigChange, "setDefaultSettings": siemConfigChange, "deleteSetting": siemConfigChange,
	"deleteDefaultSetting": siemConfigChange, "publishSettings": siemConfigChange, "deletePublishedSettings": siemConfigChange,
}

// --- the SIEM event delivery API ---------------------------------------------------

func (h *Handler) siemReadStatus(_ *gin.Context, x *call) (int, any, error) {
	var s siemState
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		s, err = loadSIEM(tx, x.app)
		return err
	})
	return http.StatusOK, gin.H{"status": s.Status}, err
}

const siemAccepted = "The request was accepted and is being processed."

// siemKeys reads a JSON array of SSH public keys (activate's body may be absent).
func siemKeys(c *gin.Context, required bool) ([]string, error) {
	var keys []string
	read := optionalJSONBody
	if required {
		read = jsonBody
	}
	if err := read(c, &keys); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k)); err != nil {
			return nil, badRequest("Invalid request: " + truncateText(k, 40) + " is not an SSH public key")
		}
	}
	return keys, nil
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// siemActivate starts delivery for an app; it needs the global akamai_account_id
// setting, and may assign the first public keys.
func (h *Handler) siemActivate(c *gin.Context, x *call) (int, any, error) {
	keys, err := siemKeys(c, false)
	if err != nil {
		return 0, nil, err
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		doc, err := appSettings(tx, x.app)
		if err != nil {
			return err
		}
		if doc.Settings[settingAkamaiAccount] == "" {
			return badRequest("The application has no akamai_account_id setting.")
		}
		s, err := loadSIEM(tx, x.app)
		if err != nil {
			return err
		}
		if s.Status == siemActive {
			return conflict("SIEM event delivery is already active for this application.")
		}
		if len(keys) > siemMaxKeys {
			return badRequest("Invalid request: at most 10 public keys can be assigned")
		}
		s.Status, s.Keys = siemActive, nonNil(keys)
		return siemStates.Put(tx, x.app, siemStateID, s)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, gin.H{"message": siemAccepted}, nil
}

func (h *Handler) siemDeactivate(_ *gin.Context, x *call) (int, any, error) {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := loadSIEM(tx, x.app)
		if err != nil {
			return err
		}
		if s.Status != siemActive {
			return conflict("SIEM event delivery is not active for this application.")
		}
		s.Status = siemDeactivated
		return siemStates.Put(tx, x.app, siemStateID, s)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, gin.H{"message": siemAccepted}, nil
}

func (h *Handler) siemReadBlocklist(_ *gin.Context, x *call) (int, any, error) {
	var s siemState
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		s, err = loadSIEM(tx, x.app)
		return err
	})
	return http.StatusOK, nonNil(s.Blocklist), err
}

// changeSIEM applies fn to the app's SIEM state and answers the resulting list.
func (h *Handler) changeSIEM(x *call, fn func(s *siemState) ([]string, error)) (int, any, error) {
	var out []string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := loadSIEM(tx, x.app)
		if err != nil {
			return err
		}
		if out, err = fn(&s); err != nil {
			return err
		}
		return siemStates.Put(tx, x.app, siemStateID, s)
	})
	return http.StatusOK, nonNil(out), err
}

func eventTypesArg(c *gin.Context) ([]string, error) {
	var types []string
	if err := jsonBody(c, &types); err != nil {
		return nil, err
	}
	for _, t := range types {
		if !slices.Contains(siemEventTypes, t) {
			return nil, badRequest("Invalid request: " + t + " is not a SIEM event type")
		}
	}
	return types, nil
}

func (h *Handler) siemAddBlocklist(c *gin.Context, x *call) (int, any, error) {
	types, err := eventTypesArg(c)
	if err != nil {
		return 0, nil, err
	}
	return h.changeSIEM(x, func(s *siemState) ([]string, error) {
		s.Blocklist = append(s.Blocklist, types...)
		slices.Sort(s.Blocklist)
		s.Blocklist = slices.Compact(s.Blocklist)
		return s.Blocklist, nil
	})
}

func (h *Handler) siemDeleteBlocklist(c *gin.Context, x *call) (int, any, error) {
	types, err := eventTypesArg(c)
	if err != nil {
		return 0, nil, err
	}
	return h.changeSIEM(x, func(s *siemState) ([]string, error) {
		for _, t := range types {
			if !slices.Contains(s.Blocklist, t) {
				return nil, badRequest("Invalid request: " + t + " is not on the blocklist")
			}
		}
		s.Blocklist = slices.DeleteFunc(s.Blocklist, func(t string) bool { return slices.Contains(types, t) })
		return s.Blocklist, nil
	})
}

func (h *Handler) siemReadKeys(_ *gin.Context, x *call) (int, any, error) {
	var s siemState
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		s, err = loadSIEM(tx, x.app)
		return err
	})
	return http.StatusOK, nonNil(s.Keys), err
}

// siemAddKeys assigns keys to an active app, ten at most in all.
func (h *Handler) siemAddKeys(c *gin.Context, x *call) (int, any, error) {
	keys, err := siemKeys(c, true)
	if err != nil {
		return 0, nil, err
	}
	return h.changeSIEM(x, func(s *siemState) ([]string, error) {
		if s.Status != siemActive {
			return nil, conflict("SIEM event delivery is not active for this application.")
		}
		for _, k := range keys {
			if !slices.Contains(s.Keys, k) {
				s.Keys = append(s.Keys, k)
			}
		}
		if len(s.Keys) > siemMaxKeys {
			return nil, badRequest("Invalid request: an application can have at most 10 public keys")
		}
		return s.Keys, nil
	})
}

func (h *Handler) siemDeleteKeys(c *gin.Context, x *call) (int, any, error) {
	var keys []string
	if err := jsonBody(c, &keys); err != nil {
		return 0, nil, err
	}
	return h.changeSIEM(x, func(s *siemState) ([]string, error) {
		for _, k := range keys {
			if !slices.Contains(s.Keys, k) {
				return nil, badRequest("Invalid request: a key to delete is not assigned to the application")
			}
		}
		s.Keys = slices.DeleteFunc(s.Keys, func(k string) bool { return slices.Contains(keys, k) })
		return s.Keys, nil
	})
}
