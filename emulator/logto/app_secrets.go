package logto

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Application secrets and machine-to-machine roles.

// Secrets.

type secretBody struct {
	TenantID      string `json:"tenantId"`
	ApplicationID string `json:"applicationId"`
	Name          string `json:"name"`
	Value         string `json:"value"`
	CreatedAt     int64  `json:"createdAt"`
	ExpiresAt     *int64 `json:"expiresAt"`
}

func (s appSecret) body(tenant, appID string) secretBody {
	return secretBody{TenantID: tenant, ApplicationID: appID, Name: s.Name, Value: s.Value, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
}

func (h *Handler) listApplicationSecrets(c *gin.Context) error {
	app, err := h.viewApplication(c)
	if err != nil {
		return err
	}
	out := []secretBody{}
	for _, s := range app.Secrets {
		out = append(out, s.body(platform.TenantOf(c), app.ID))
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createApplicationSecret(c *gin.Context) error {
	var in struct {
		Name      string `json:"name"`
		ExpiresAt *int64 `json:"expiresAt"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	var created appSecret
	app, err := h.mutateApplication(c, func(tx *store.Tx, a *application) error {
		now := tx.Now().UnixMilli()
		if in.ExpiresAt != nil && *in.ExpiresAt <= now {
			return invalidInput("The value of `expiresAt` must be in the future.")
		}
		for _, s := range a.Secrets {
			if s.Name == in.Name {
				return fail(http.StatusUnprocessableEntity, "application.secret_name_exists")
			}
		}
		created = appSecret{Name: in.Name, Value: standardSecret(), CreatedAt: now, ExpiresAt: in.ExpiresAt}
		a.Secrets = append(a.Secrets, created)
		return nil
	})
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == "entity.not_exists_with_id" {
		// Logto inserts without looking the application up: its foreign key fails.
		return fail(http.StatusNotFound, "entity.relation_foreign_key_not_found")
	}
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, created.body(platform.TenantOf(c), app.ID))
}

func (h *Handler) updateApplicationSecret(c *gin.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	name := contract.Param(c, "name")
	var updated appSecret
	app, err := h.mutateApplication(c, func(_ *store.Tx, a *application) error {
		at := -1
		for i, s := range a.Secrets {
			if s.Name == name {
				at = i
			} else if s.Name == in.Name {
				return fail(http.StatusUnprocessableEntity, "application.secret_name_exists")
			}
		}
		if at < 0 {
			return fail(http.StatusNotFound, "entity.not_exists", "name", "application_secret")
		}
		a.Secrets[at].Name = in.Name
		updated = a.Secrets[at]
		return nil
	})
	if err != nil {
		return secretNotFound(err)
	}
	return h.respond(c, http.StatusOK, updated.body(platform.TenantOf(c), app.ID))
}

// secretNotFound turns a missing application into the secret query's own answer.
func secretNotFound(err error) error {
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == "entity.not_exists_with_id" {
		return fail(http.StatusNotFound, "entity.not_exists", "name", "application_secret")
	}
	return err
}

func (h *Handler) deleteApplicationSecret(c *gin.Context) error {
	name := contract.Param(c, "name")
	_, err := h.mutateApplication(c, func(_ *store.Tx, a *application) error {
		for i, s := range a.Secrets {
			if s.Name == name {
				a.Secrets = append(a.Secrets[:i:i], a.Secrets[i+1:]...)
				return nil
			}
		}
		return entityNotFound()
	})
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == "entity.not_exists_with_id" {
		return entityNotFound()
	}
	if err != nil {
		return err
	}
	return noContent(c)
}

// deleteApplicationLegacySecret replaces a usable legacy secret by an internal one.
func (h *Handler) deleteApplicationLegacySecret(c *gin.Context) error {
	app, err := h.mutateApplication(c, func(_ *store.Tx, a *application) error {
		if a.Secret == "" || strings.HasPrefix(a.Secret, internalPrefix) {
			return fail(http.StatusBadRequest, "application.no_legacy_secret_found")
		}
		a.Secret = internalPrefix + standardSecret()
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, app.body(platform.TenantOf(c)))
}

// Application roles: machine-to-machine applications hold machine-to-machine roles.

func (h *Handler) listApplicationRoles(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "applicationId")
	var list []role
	err = h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := loadApplication(tx, tenant, id); err != nil {
			return err
		}
		s, err := parseSearch(q, roleSearchFields)
		if err != nil {
			return err
		}
		held := map[string]bool{}
		if err := relatedTo(tx, tenant, appsRoles, id, "", func(r relation) { held[r.Right] = true }); err != nil {
			return err
		}
		list, err = listedRoles(tx, tenant, s, func(r role) bool { return held[r.ID] })
		return err
	})
	if err != nil {
		return err
	}
	out := []roleBody{}
	for _, r := range paginate(c, p, list) {
		out = append(out, r.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

// setApplicationRoles adds roleIds (replace: and removes the others).
func (h *Handler) setApplicationRoles(c *gin.Context, replace bool) error {
	var in struct {
		RoleIDs []string `json:"roleIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "applicationId")
	return h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := loadApplication(tx, tenant, id)
		if err != nil {
			return err
		}
		if app.Type != appMachineToMachine {
			return fail(http.StatusUnprocessableEntity, "application.invalid_type")
		}
		held, err := rights(tx, tenant, appsRoles, id)
		if err != nil {
			return err
		}
		for _, rid := range in.RoleIDs {
			if slices.Contains(held, rid) {
				if replace {
					continue
				}
				return fail(http.StatusUnprocessableEntity, "application.role_exists", "roleId", rid)
			}
			r, err := loadRole(tx, tenant, rid)
			if err != nil {
				return err
			}
			if r.Type != roleMachineToMachine {
				return fail(http.StatusUnprocessableEntity, "application.invalid_role_type")
			}
		}
		if replace {
			for _, rid := range held {
				if !slices.Contains(in.RoleIDs, rid) {
					if err := unlink(tx, tenant, appsRoles, id, rid); err != nil {
						return err
					}
				}
			}
		}
		for _, rid := range in.RoleIDs {
			if !slices.Contains(held, rid) {
				if err := link(tx, tenant, appsRoles, id, rid); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (h *Handler) assignApplicationRoles(c *gin.Context) error {
	if err := h.setApplicationRoles(c, false); err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func (h *Handler) replaceApplicationRoles(c *gin.Context) error {
	if err := h.setApplicationRoles(c, true); err != nil {
		return err
	}
	return statusOnly(c, http.StatusOK)
}

func (h *Handler) deleteApplicationRole(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := loadApplication(tx, tenant, contract.Param(c, "applicationId")); err != nil {
			return err
		}
		return unlink(tx, tenant, appsRoles, contract.Param(c, "applicationId"), contract.Param(c, "roleId"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
