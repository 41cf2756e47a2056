package appid

import (
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// tenantRecord marks an App ID instance: a tenant exists once a fixture seeds it.
type tenantRecord struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
}

// apiKey is an IBM Cloud IAM API key with an App ID service role on the tenant that
// holds it. Its id is the IAM identity its tokens name (see iamIDOf).
type apiKey struct {
	IAMID  string `json:"iam_id"`
	Name   string `json:"name"`
	APIKey string `json:"apikey"` // kept as given: /_emulator/info lists it anyway
	Role   string `json:"role"`
}

// application is an App ID application: an OAuth client of the tenant's OAuth server.
type application struct {
	ClientID string    `json:"clientId"`
	Secret   string    `json:"secret,omitempty"`
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	Scopes   []string  `json:"scopes"`
	Roles    []string  `json:"roles"` // role ids
	Created  time.Time `json:"created"`
	Seeded   bool      `json:"seeded,omitempty"` // listed by /_emulator/info
}

// role is an App ID access role: scopes of applications, granted to users and apps.
type role struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Access      []roleAccess `json:"access"`
	Created     time.Time    `json:"created"`
}

type roleAccess struct {
	ApplicationID string   `json:"application_id"`
	Scopes        []string `json:"scopes"`
}

// cdUser is a Cloud Directory user, kept in App ID's SCIM shape plus its secrets.
type cdUser struct {
	ID           string      `json:"id"`
	UserName     string      `json:"userName,omitempty"`
	DisplayName  string      `json:"displayName,omitempty"`
	Name         *scimName   `json:"name,omitempty"`
	Emails       []scimValue `json:"emails"`
	PhoneNumbers []scimValue `json:"phoneNumbers,omitempty"`
	Active       bool        `json:"active"`
	LockedUntil  int64       `json:"lockedUntil,omitempty"` // epoch milliseconds
	Status       string      `json:"status"`

	PasswordHash      string    `json:"password_hash"`
	PasswordHistory   []string  `json:"password_history,omitempty"` // previous hashes, newest first
	PasswordChangedAt time.Time `json:"password_changed_at"`
	FailedSignIns     int       `json:"failed_sign_ins,omitempty"`
	Created           time.Time `json:"created"`
	LastModified      time.Time `json:"last_modified"`
	LastLogin         time.Time `json:"last_login,omitzero"`
}

type scimName struct {
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
	Formatted  string `json:"formatted,omitempty"`
}

type scimValue struct {
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
}

// Cloud Directory user statuses.
const (
	statusPending   = "PENDING"
	statusConfirmed = "CONFIRMED"
)

// primaryEmail is the primary address, or the first one.
func (u *cdUser) primaryEmail() string {
	for _, e := range u.Emails {
		if e.Primary {
			return e.Value
		}
	}
	if len(u.Emails) > 0 {
		return u.Emails[0].Value
	}
	return ""
}

// profile is an App ID user profile: the identities a user signed in with, custom
// attributes and roles.
type profile struct {
	ID            string         `json:"id"`
	Identities    []identity     `json:"identities"`
	Attributes    map[string]any `json:"attributes"`
	Roles         []string       `json:"roles"` // role ids
	Name          string         `json:"name,omitempty"`
	Email         string         `json:"email,omitempty"`
	Picture       string         `json:"picture,omitempty"`
	PreRegistered bool           `json:"pre_registered,omitempty"`
	Created       time.Time      `json:"created"`
	// RefreshRevokedAt invalidates every refresh token issued to the user before it.
	RefreshRevokedAt time.Time `json:"refresh_revoked_at,omitzero"`
}

type identity struct {
	Provider    string         `json:"provider"`
	ID          string         `json:"id"`
	IDPUserInfo map[string]any `json:"idpUserInfo,omitempty"`
}

// confirmation is a link context sent by email: a sign-up verification or a
// password reset, answered by the confirmation_result operations.
type confirmation struct {
	Kind    string    `json:"kind"` // kindVerify or kindReset
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires"`
}

const (
	kindVerify = "verify"
	kindReset  = "reset"
)

// seededCredential remembers a fixture user's password for /_emulator/info.
type seededCredential struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email"`
}

var (
	tenants       = store.Collection[tenantRecord]{Name: "appid-tenant"}
	apiKeys       = store.Collection[apiKey]{Name: "iam-apikeys"}
	applications  = store.Collection[application]{Name: "applications"}
	roles         = store.Collection[role]{Name: "roles"}
	cdUsers       = store.Collection[cdUser]{Name: "cd-users"}
	profiles      = store.Collection[profile]{Name: "profiles"}
	configs       = store.Collection[map[string]any]{Name: "config"}
	templates     = store.Collection[map[string]any]{Name: "templates"} // id: NAME/language
	confirmations = store.Collection[confirmation]{Name: "confirmations"}
	seeded        = store.Collection[seededCredential]{Name: "seeded-users"}
)

const tenantDocID = "tenant"

// Unique indexes.
const (
	byEmail    = "email"    // cd-users: primary email
	byUserName = "userName" // cd-users
	byRoleName = "name"     // roles
	byIdentity = "identity" // profiles: "<provider>|<id>"
)

func identityKey(provider, id string) string { return provider + "|" + id }
