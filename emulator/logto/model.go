package logto

import (
	"encoding/json"

	"github.com/idemu/idemu/emulator/store"
)

// The stored documents mirror Logto's tables. Timestamps are epoch milliseconds, as
// Logto writes them. Seq orders entities Logto lists in insertion order (its queries
// have no ORDER BY, so PostgreSQL returns rows as inserted).

type user struct {
	ID                string              `json:"id"`
	Username          *string             `json:"username"`
	PrimaryEmail      *string             `json:"primaryEmail"`
	PrimaryPhone      *string             `json:"primaryPhone"`
	Name              *string             `json:"name"`
	Avatar            *string             `json:"avatar"`
	CustomData        json.RawMessage     `json:"customData"`
	Identities        map[string]identity `json:"identities"`
	Profile           json.RawMessage     `json:"profile"`
	PasswordDigest    string              `json:"passwordDigest,omitempty"`
	PasswordAlgorithm string              `json:"passwordAlgorithm,omitempty"`
	ApplicationID     *string             `json:"applicationId"`
	IsSuspended       bool                `json:"isSuspended"`
	LastSignInAt      *int64              `json:"lastSignInAt"`
	CreatedAt         int64               `json:"createdAt"`
	UpdatedAt         int64               `json:"updatedAt"`
	LogtoConfig       logtoConfig         `json:"logtoConfig"`
	MfaVerifications  []mfaVerification   `json:"mfaVerifications,omitempty"`
	SsoIdentities     []ssoIdentity       `json:"ssoIdentities,omitempty"`
}

type identity struct {
	UserID  string          `json:"userId"`
	Details json.RawMessage `json:"details,omitempty"`
}

type logtoConfig struct {
	MfaSkipped           bool `json:"mfaSkipped"`
	SkipMfaOnSignIn      bool `json:"skipMfaOnSignIn"`
	PasskeySignInSkipped bool `json:"passkeySignInSkipped"`
}

type mfaVerification struct {
	ID        string       `json:"id"`
	Type      string       `json:"type"`
	CreatedAt string       `json:"createdAt"`
	Secret    string       `json:"secret,omitempty"`
	Codes     []backupCode `json:"codes,omitempty"`
}

type backupCode struct {
	Code   string `json:"code"`
	UsedAt string `json:"usedAt,omitempty"`
}

type ssoIdentity struct {
	ID             string          `json:"id"`
	SsoConnectorID string          `json:"ssoConnectorId"`
	Issuer         string          `json:"issuer"`
	IdentityID     string          `json:"identityId"`
	Detail         json.RawMessage `json:"detail"`
	CreatedAt      int64           `json:"createdAt"`
	UpdatedAt      int64           `json:"updatedAt"`
}

// personalAccessToken is stored on its own, keyed by user and name.
type personalAccessToken struct {
	UserID    string `json:"userId"`
	Name      string `json:"name"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
	ExpiresAt *int64 `json:"expiresAt"`
}

type application struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	Secret               string              `json:"secret"`
	Description          *string             `json:"description"`
	Type                 string              `json:"type"`
	OidcClientMetadata   json.RawMessage     `json:"oidcClientMetadata"`
	CustomClientMetadata json.RawMessage     `json:"customClientMetadata"`
	ProtectedAppMetadata json.RawMessage     `json:"protectedAppMetadata"`
	CustomData           json.RawMessage     `json:"customData"`
	IsThirdParty         bool                `json:"isThirdParty"`
	CreatedAt            int64               `json:"createdAt"`
	Secrets              []appSecret         `json:"secrets,omitempty"`
	SignInExperience     json.RawMessage     `json:"signInExperience,omitempty"`
	ConsentScopes        consentScopes       `json:"consentScopes"`
	ConsentOrganizations map[string][]string `json:"consentOrganizations,omitempty"` // user id -> organization ids
}

type appSecret struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
	ExpiresAt *int64 `json:"expiresAt"`
}

type consentScopes struct {
	OrganizationScopes         []string `json:"organizationScopes,omitempty"`
	ResourceScopes             []string `json:"resourceScopes,omitempty"`
	OrganizationResourceScopes []string `json:"organizationResourceScopes,omitempty"`
	UserScopes                 []string `json:"userScopes,omitempty"`
}

type role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
	IsDefault   bool   `json:"isDefault"`
	Seq         int64  `json:"seq"`
}

type resource struct {
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	Indicator      string  `json:"indicator"`
	IsDefault      bool    `json:"isDefault"`
	AccessTokenTTL float64 `json:"accessTokenTtl"`
	Seq            int64   `json:"seq"`
}

type scope struct {
	ID          string  `json:"id"`
	ResourceID  string  `json:"resourceId"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	CreatedAt   int64   `json:"createdAt"`
	Seq         int64   `json:"seq"`
}

// relation links two entities (users-roles, applications-roles, roles-scopes); its id
// is "<left>:<right>".
type relation struct {
	Left  string `json:"left"`
	Right string `json:"right"`
	Seq   int64  `json:"seq"`
}

// oidcSession and oidcGrant are sign-in state of node-oidc-provider. idemu has no
// interactive sign-in, so they come from fixtures (a user's attributes.sessions).
type oidcSession struct {
	ID        string   `json:"id"`
	UserID    string   `json:"userId"`
	ClientID  string   `json:"clientId"`
	UID       string   `json:"uid"`
	LoginTs   int64    `json:"loginTs"`
	ExpiresAt int64    `json:"expiresAt"`
	GrantIDs  []string `json:"grantIds"`
}

type oidcGrant struct {
	ID        string `json:"id"`
	UserID    string `json:"userId"`
	ClientID  string `json:"clientId"`
	CreatedAt int64  `json:"createdAt"`
	ExpiresAt int64  `json:"expiresAt"`
}

// seededCredential remembers a fixture user's plain password for /_emulator/info.
type seededCredential struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email,omitempty"`
}

// seededClient remembers a fixture client's plain secret for /_emulator/info.
type seededClient struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	Name   string `json:"name"`
	Seq    int64  `json:"seq"`
}

// tenantState marks a Logto tenant and holds its counters.
type tenantState struct {
	Seq int64 `json:"seq"`
}

var (
	users         = store.Collection[user]{Name: "users"}
	pats          = store.Collection[personalAccessToken]{Name: "personal-access-tokens"}
	applications  = store.Collection[application]{Name: "applications"}
	roles         = store.Collection[role]{Name: "roles"}
	resources     = store.Collection[resource]{Name: "resources"}
	scopes        = store.Collection[scope]{Name: "scopes"}
	usersRoles    = store.Collection[relation]{Name: "users-roles"}
	appsRoles     = store.Collection[relation]{Name: "applications-roles"}
	rolesScopes   = store.Collection[relation]{Name: "roles-scopes"}
	organizations = store.Collection[organization]{Name: "organizations"}
	orgUsers      = store.Collection[relation]{Name: "organizations-users"}        // organization -> user
	orgApps       = store.Collection[relation]{Name: "organizations-applications"} // organization -> application
	orgRoles      = store.Collection[orgRole]{Name: "organization-roles"}
	orgScopes     = store.Collection[orgScope]{Name: "organization-scopes"}
	// organization role -> organization scope, and -> API resource scope
	orgRoleScopes         = store.Collection[relation]{Name: "organization-roles-scopes"}
	orgRoleResourceScopes = store.Collection[relation]{Name: "organization-roles-resource-scopes"}
	orgUserRoles          = store.Collection[orgMemberRole]{Name: "organizations-users-roles"}
	orgAppRoles           = store.Collection[orgMemberRole]{Name: "organizations-applications-roles"}
	orgJitDomains         = store.Collection[jitEmailDomain]{Name: "organizations-jit-email-domains"}
	orgJitRoles           = store.Collection[relation]{Name: "organizations-jit-roles"}          // organization -> organization role
	orgJitSsoConnectors   = store.Collection[relation]{Name: "organizations-jit-sso-connectors"} // organization -> SSO connector
	orgInvitations        = store.Collection[invitation]{Name: "organization-invitations"}
	ssoConnectors         = store.Collection[ssoConnector]{Name: "sso-connectors"}
	sessions              = store.Collection[oidcSession]{Name: "oidc-sessions"}
	grants                = store.Collection[oidcGrant]{Name: "oidc-grants"}
	connectors            = store.Collection[connector]{Name: "connectors"}
	seededUsers           = store.Collection[seededCredential]{Name: "seeded-users"}
	seededClients         = store.Collection[seededClient]{Name: "seeded-clients"}
	tenantStates          = store.Collection[tenantState]{Name: "tenant"}
)

// Unique indexes, claimed in the transaction that writes the entity.
const (
	byUsername  = "username"
	byEmail     = "email"
	byPhone     = "phone"
	byIdentity  = "identity"   // <target>:<userId at the provider>
	byRoleName  = "name"       // case-sensitive: claimed as hex
	byIndicator = "indicator"  // resources: case-sensitive, as hex
	byScopeName = "scope-name" // <resource id>:<name hex>
	bySubdomain = "subdomain"  // protected apps' hosts and custom domains
	byOrgName   = "name"       // organization roles and scopes: case-sensitive, as hex
)

const tenantStateID = "state"

// nextSeq hands out the tenant's next insertion number.
func nextSeq(tx *store.Tx, tenant string) (int64, error) {
	st, err := tenantStates.Get(tx, tenant, tenantStateID)
	if err != nil && err != store.ErrNotFound {
		return 0, err
	}
	st.Seq++
	return st.Seq, tenantStates.Put(tx, tenant, tenantStateID, st)
}

func relationID(left, right string) string { return left + ":" + right }
