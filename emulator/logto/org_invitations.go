package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Organization invitations (Logto's RFC 0003): an email invited to an organization
// with roles. A pending invitation past its expiry reads as Expired; Accepted, Expired
// and Revoked are final. Accepting makes the user a member with the invitation's
// roles. Invitation emails go through the tenant's Email connector (template
// OrganizationInvitation), that is, to the outbox.

const (
	invitationPending  = "Pending"
	invitationAccepted = "Accepted"
	invitationExpired  = "Expired"
	invitationRevoked  = "Revoked"
	// invitationPurpose is the outbox purpose: Logto's template type.
	invitationPurpose = "OrganizationInvitation"
)

type invitation struct {
	ID             string   `json:"id"`
	InviterID      *string  `json:"inviterId"`
	Invitee        string   `json:"invitee"`
	AcceptedUserID *string  `json:"acceptedUserId"`
	OrganizationID string   `json:"organizationId"`
	Status         string   `json:"status"`
	CreatedAt      int64    `json:"createdAt"`
	UpdatedAt      int64    `json:"updatedAt"`
	ExpiresAt      int64    `json:"expiresAt"`
	RoleIDs        []string `json:"roleIds"`
}

// invitationBody is organizationInvitationEntityGuard, in its key order.
type invitationBody struct {
	TenantID          string    `json:"tenantId"`
	ID                string    `json:"id"`
	InviterID         *string   `json:"inviterId"`
	Invitee           string    `json:"invitee"`
	AcceptedUserID    *string   `json:"acceptedUserId"`
	OrganizationID    string    `json:"organizationId"`
	Status            string    `json:"status"`
	CreatedAt         int64     `json:"createdAt"`
	UpdatedAt         int64     `json:"updatedAt"`
	ExpiresAt         int64     `json:"expiresAt"`
	OrganizationRoles []roleRef `json:"organizationRoles"`
}

// status is the status Logto reads: a pending invitation past its expiry is Expired
// (the stored status stays Pending).
func (inv invitation) status(now int64) string {
	if inv.Status == invitationPending && inv.ExpiresAt < now {
		return invitationExpired
	}
	return inv.Status
}

func (inv invitation) body(tx *store.Tx, tenant string) invitationBody {
	var held []orgRole
	for _, id := range inv.RoleIDs {
		if r, err := orgRoles.Get(tx, tenant, id); err == nil {
			held = append(held, r)
		}
	}
	return invitationBody{TenantID: tenant, ID: inv.ID, InviterID: inv.InviterID, Invitee: inv.Invitee,
		AcceptedUserID: inv.AcceptedUserID, OrganizationID: inv.OrganizationID, Status: inv.status(tx.Now().UnixMilli()),
		CreatedAt: inv.CreatedAt, UpdatedAt: inv.UpdatedAt, ExpiresAt: inv.ExpiresAt, OrganizationRoles: roleRefs(held)}
}

// loadInvitation is a single-row query: an unknown id is entity.not_found.
func loadInvitation(tx *store.Tx, tenant, id string) (invitation, error) {
	inv, err := orgInvitations.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return inv, entityNotFound()
	}
	return inv, err
}

// dropInvitationRole forgets a deleted organization role in every invitation.
func dropInvitationRole(tx *store.Tx, tenant, roleID string) error {
	all, err := orgInvitations.List(tx, tenant)
	if err != nil {
		return err
	}
	for _, inv := range all {
		if i := slices.Index(inv.RoleIDs, roleID); i >= 0 {
			inv.RoleIDs = slices.Delete(inv.RoleIDs, i, i+1)
			if err := orgInvitations.Put(tx, tenant, inv.ID, inv); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *Handler) listOrganizationInvitations(c *gin.Context) error {
	q := c.Request.URL.Query()
	tenant := platform.TenantOf(c)
	out := []invitationBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := orgInvitations.List(tx, tenant)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt > all[j].CreatedAt })
		org, inviter, invitee := q["organizationId"], q["inviterId"], q["invitee"]
		for _, inv := range all {
			switch {
			case org != nil && inv.OrganizationID != org[0],
				inviter != nil && deref(inv.InviterID) != inviter[0],
				invitee != nil && !strings.EqualFold(inv.Invitee, invitee[0]):
				continue
			}
			out = append(out, inv.body(tx, tenant))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// messagePayload is connector-kit's sendMessagePayloadGuard (false: send nothing).
type messagePayload struct {
	Code      string `json:"code"`
	Link      string `json:"link"`
	Locale    string `json:"locale"`
	UILocales string `json:"uiLocales"`
}

// payloadOrFalse is sendMessagePayloadGuard.or(z.literal(false)): false (or absent)
// sends no email.
type payloadOrFalse struct{ payload *messagePayload }

func (p *payloadOrFalse) UnmarshalJSON(b []byte) error {
	if string(b) == "false" {
		return nil
	}
	p.payload = &messagePayload{}
	return json.Unmarshal(b, p.payload)
}

// sendInvitation sends the invitation email through the tenant's Email connector.
func (h *Handler) sendInvitation(tx *store.Tx, tenant, to string, p messagePayload) error {
	body := "You are invited to join an organization."
	if p.Link != "" {
		body += " Accept: " + p.Link
	}
	if p.Code != "" {
		body += " Code: " + p.Code
	}
	return h.deliver(tx, tenant, connectorEmail, outbox.Message{To: to, Subject: "Organization invitation",
		Body: body, Code: p.Code, Link: p.Link, Purpose: invitationPurpose})
}

func (h *Handler) createOrganizationInvitation(c *gin.Context) error {
	var in struct {
		InviterID           *string        `json:"inviterId"`
		Invitee             string         `json:"invitee"`
		OrganizationID      string         `json:"organizationId"`
		ExpiresAt           float64        `json:"expiresAt"`
		OrganizationRoleIDs []string       `json:"organizationRoleIds"`
		MessagePayload      payloadOrFalse `json:"messagePayload"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out invitationBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		now := tx.Now().UnixMilli()
		if int64(in.ExpiresAt) <= now {
			return invalidInput("The value of `expiresAt` must be in the future.")
		}
		if member, err := isMemberByEmail(tx, tenant, in.OrganizationID, in.Invitee); err != nil || member {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "request.invalid_input", "details", "The invitee is already a member of the organization.")
		}
		if err := orgMustExist(tx, tenant, in.OrganizationID); err != nil {
			return err
		}
		if in.InviterID != nil {
			if err := mustExist(tx, tenant, users)(*in.InviterID); err != nil {
				return err
			}
		}
		var roleIDs []string
		for _, id := range in.OrganizationRoleIDs {
			if err := mustExist(tx, tenant, orgRoles)(id); err != nil {
				return err
			}
			if !slices.Contains(roleIDs, id) {
				roleIDs = append(roleIDs, id)
			}
		}
		inv := invitation{ID: standardID(), InviterID: in.InviterID, Invitee: in.Invitee, OrganizationID: in.OrganizationID,
			Status: invitationPending, CreatedAt: now, UpdatedAt: now, ExpiresAt: int64(in.ExpiresAt), RoleIDs: roleIDs}
		if err := orgInvitations.Insert(tx, tenant, inv.ID, inv); err != nil {
			return err
		}
		if p := in.MessagePayload.payload; p != nil {
			if err := h.sendInvitation(tx, tenant, inv.Invitee, *p); err != nil {
				return err
			}
		}
		out = inv.body(tx, tenant)
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, out)
}

// isMemberByEmail is Logto's isMember: a member whose primary email is the invitee's
// (an exact match).
func isMemberByEmail(tx *store.Tx, tenant, org, email string) (bool, error) {
	ids, err := rights(tx, tenant, orgUsers, org)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if u, err := users.Get(tx, tenant, id); err == nil && deref(u.PrimaryEmail) == email {
			return true, nil
		}
	}
	return false, nil
}

func (h *Handler) getOrganizationInvitation(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out invitationBody
	err := h.deps.Store.View(func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, tenant, contract.Param(c, "id"))
		out = inv.body(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) deleteOrganizationInvitation(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := orgInvitations.Delete(tx, tenant, contract.Param(c, "id"))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) createOrganizationInvitationMessage(c *gin.Context) error {
	var p messagePayload
	if err := bind(c, &p); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		return h.sendInvitation(tx, tenant, inv.Invitee, p)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// replaceOrganizationInvitationStatus accepts or revokes a live invitation. Accepting
// needs the accepting user, whose primary email must be the invitee's; the user joins
// the organization with the invitation's roles.
func (h *Handler) replaceOrganizationInvitationStatus(c *gin.Context) error {
	var in struct {
		Status         string  `json:"status"`
		AcceptedUserID *string `json:"acceptedUserId"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Status == invitationAccepted && deref(in.AcceptedUserID) == "" {
		return fail(http.StatusUnprocessableEntity, "request.invalid_input", "details", "The `acceptedUserId` is required when accepting an invitation.")
	}
	tenant := platform.TenantOf(c)
	var out invitationBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		if inv.status(tx.Now().UnixMilli()) != invitationPending {
			return fail(http.StatusUnprocessableEntity, "request.invalid_input", "details", "The status of the invitation cannot be changed anymore.")
		}
		if in.Status == invitationAccepted {
			u, err := loadUser(tx, tenant, *in.AcceptedUserID)
			if err != nil {
				return err
			}
			if !strings.EqualFold(deref(u.PrimaryEmail), inv.Invitee) {
				return fail(http.StatusUnprocessableEntity, "request.invalid_input", "details", "The accepted user must have the same email as the invitee.")
			}
			if err := addLinks(tx, tenant, orgUsers, inv.OrganizationID, []string{u.ID}, func(string) error { return nil }); err != nil {
				return err
			}
			if err := addMemberRoles(tx, tenant, orgUserRoles, orgUsers, inv.OrganizationID, u.ID, inv.RoleIDs, roleUser); err != nil {
				return err
			}
			inv.AcceptedUserID = in.AcceptedUserID
		}
		inv.Status, inv.UpdatedAt = in.Status, tx.Now().UnixMilli()
		if err := orgInvitations.Put(tx, tenant, inv.ID, inv); err != nil {
			return err
		}
		out = inv.body(tx, tenant)
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
