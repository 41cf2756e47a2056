package logto

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Webhook deliveries. A Management API call that changes data fires Logto's data hook
// event for it (the table below, Logto's managementApiHooksRegistration); an enabled
// hook subscribed to the event gets a signed POST, and each delivery is logged under
// "TriggerHook.<event>". Deliveries leave after the response, as Logto's do.

// dataHookEvents maps operations to the event they fire.
var dataHookEvents = map[string]string{
	"CreateUser":                            "User.Created",
	"DeleteUser":                            "User.Deleted",
	"UpdateUser":                            "User.Data.Updated",
	"UpdateUserCustomData":                  "User.Data.Updated",
	"UpdateUserProfile":                     "User.Data.Updated",
	"UpdateUserPassword":                    "User.Data.Updated",
	"UpdateUserIsSuspended":                 "User.SuspensionStatus.Updated",
	"CreateRole":                            "Role.Created",
	"UpdateRole":                            "Role.Data.Updated",
	"DeleteRole":                            "Role.Deleted",
	"CreateRoleScope":                       "Role.Scopes.Updated",
	"DeleteRoleScope":                       "Role.Scopes.Updated",
	"CreateResourceScope":                   "Scope.Created",
	"UpdateResourceScope":                   "Scope.Data.Updated",
	"DeleteResourceScope":                   "Scope.Deleted",
	"CreateOrganization":                    "Organization.Created",
	"UpdateOrganization":                    "Organization.Data.Updated",
	"DeleteOrganization":                    "Organization.Deleted",
	"AddOrganizationUsers":                  "Organization.Membership.Updated",
	"ReplaceOrganizationUsers":              "Organization.Membership.Updated",
	"DeleteOrganizationUser":                "Organization.Membership.Updated",
	"AddOrganizationApplications":           "Organization.Membership.Updated",
	"ReplaceOrganizationApplications":       "Organization.Membership.Updated",
	"DeleteOrganizationApplication":         "Organization.Membership.Updated",
	"CreateOrganizationRole":                "OrganizationRole.Created",
	"UpdateOrganizationRole":                "OrganizationRole.Data.Updated",
	"DeleteOrganizationRole":                "OrganizationRole.Deleted",
	"CreateOrganizationRoleScope":           "OrganizationRole.Scopes.Updated",
	"ReplaceOrganizationRoleScopes":         "OrganizationRole.Scopes.Updated",
	"DeleteOrganizationRoleScope":           "OrganizationRole.Scopes.Updated",
	"CreateOrganizationRoleResourceScope":   "OrganizationRole.Scopes.Updated",
	"ReplaceOrganizationRoleResourceScopes": "OrganizationRole.Scopes.Updated",
	"DeleteOrganizationRoleResourceScope":   "OrganizationRole.Scopes.Updated",
	"CreateOrganizationScope":               "OrganizationScope.Created",
	"UpdateOrganizationScope":               "OrganizationScope.Data.Updated",
	"DeleteOrganizationScope":               "OrganizationScope.Deleted",
}

const (
	webhookTimeout   = 10 * time.Second
	webhookUserAgent = "Logto (https://logto.io/)"
	signatureHeader  = "logto-signature-sha-256"
)

// capturingWriter keeps a copy of the response body for the hook payload.
type capturingWriter struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// dataHooks fires the operation's data hook event after a successful response.
func (h *Handler) dataHooks(op *contract.Operation, event string) gin.HandlerFunc {
	route := strings.TrimPrefix(pathParam.ReplaceAllString(op.Path, ":$1"), "/api")
	return func(c *gin.Context) {
		w := &capturingWriter{ResponseWriter: c.Writer}
		c.Writer = w
		c.Next()
		status := w.Status()
		if status < 200 || status > 299 {
			return
		}
		params := map[string]string{}
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			params[m[1]] = contract.Param(c, m[1])
		}
		data := map[string]any{"path": strings.TrimPrefix(c.Request.URL.Path, "/api"), "method": c.Request.Method,
			"status": status, "params": params, "matchedRoute": route}
		var body any
		if json.Unmarshal(w.body.Bytes(), &body) == nil {
			data["data"] = body
		}
		if ua := c.GetHeader("User-Agent"); ua != "" {
			data["userAgent"] = ua
		}
		data["ip"] = c.ClientIP()
		h.triggerHooks(platform.TenantOf(c), event, data)
	}
}

// hookPayload is what a hook receives: the hook, the event, the time, then the
// event's own members.
func (h *Handler) hookPayload(hookID, event string, data map[string]any) []byte {
	p := map[string]any{}
	for k, v := range data {
		p[k] = v
	}
	p["hookId"], p["event"] = hookID, event
	p["createdAt"] = h.deps.Clock.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	raw, _ := encodeJSON(p)
	return raw
}

// postWebhook delivers a payload: JSON, Logto's user agent, the config's headers and
// the HMAC-SHA256 signature of the body with the hook's signing key.
func (h *Handler) postWebhook(ctx context.Context, cfg hookConfig, signingKey string, payload []byte) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL, bytes.NewReader(payload))
	if err != nil {
		return 0, "", err
	}
	for k, v := range cfg.Headers {
		req.Header.Set(k, v)
	}
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write(payload)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", webhookUserAgent)
	req.Header.Set(signatureHeader, hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, string(body), nil
}

// triggerHooks delivers an event to every enabled hook subscribed to it, in the
// background, and logs each delivery.
func (h *Handler) triggerHooks(tenant, event string, data map[string]any) {
	var targets []hook
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return hooks.Each(tx, tenant, func(_ string, hk hook) bool {
			if hk.Enabled && hk.subscribes(event) {
				targets = append(targets, hk)
			}
			return true
		})
	})
	if err != nil {
		h.deps.Logger.Error("reading hooks", "tenant", tenant, "error", err)
		return
	}
	for _, hk := range targets {
		h.deliveries.Add(1)
		go func(hk hook) {
			defer h.deliveries.Done()
			h.deliverHook(tenant, event, hk, data)
		}(hk)
	}
}

func (h *Handler) deliverHook(tenant, event string, hk hook, data map[string]any) {
	payload := h.hookPayload(hk.ID, event, data)
	status, body, err := h.postWebhook(context.Background(), hk.Config, hk.SigningKey, payload)
	result := logSuccess
	extra := map[string]any{"hookId": hk.ID, "json": json.RawMessage(payload)}
	switch {
	case err != nil:
		result, extra["error"] = logError, err.Error()
	default:
		var parsed any = body
		if json.Valid([]byte(body)) && body != "" {
			parsed = json.RawMessage(body)
		}
		extra["response"] = map[string]any{"statusCode": status, "body": parsed}
		if status < 200 || status > 299 {
			result = logError
		}
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		return writeLog(tx, tenant, logPayload{Key: hookLogPrefix + event, Result: result}, extra)
	})
	if err != nil {
		h.deps.Logger.Error("logging a webhook delivery", "tenant", tenant, "hook", hk.ID, "error", err)
	}
}
