package akamai

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// Kinds of opaque credentials Capture hands out.
const (
	kindAccess       = "access"
	kindRefresh      = "refresh"
	kindCode         = "code"
	kindVerification = "verification"
	kindCreation     = "creation"
)

// Lifetimes and lengths. Access tokens last an hour (Capture's documented default);
// the rest are idemu's choices where the sources are silent (see README).
const (
	accessTokenTTL       = time.Hour
	refreshTokenTTL      = 30 * 24 * time.Hour
	defaultCodeTTL       = 30 * time.Second // getAuthorizationCode's documented default lifetime
	nativeCodeTTL        = 5 * time.Minute
	defaultRecoverTTL    = time.Hour
	emailVerificationTTL = 7 * 24 * time.Hour
	verificationCodeTTL  = 30 * time.Second
	creationTokenTTL     = time.Hour

	// expiredRetention keeps an expired credential long enough to answer "expired"
	// rather than "unknown".
	expiredRetention = 24 * time.Hour
)

var tokenLengths = map[string]int{kindAccess: 16, kindRefresh: 20, kindCode: 14, kindVerification: 32, kindCreation: 16}

// tokenRecord is what an opaque token stands for. Tokens are stored by the SHA-256 of
// their value, so the store never holds a usable one.
type tokenRecord struct {
	Kind             string    `json:"kind"`
	Grant            string    `json:"grant,omitempty"` // the access grant it belongs to; "" for none
	Generation       string    `json:"generation,omitempty"`
	EntityUUID       string    `json:"entity_uuid,omitempty"`
	TypeName         string    `json:"type_name"`
	ClientID         string    `json:"client_id"`
	Expires          time.Time `json:"expires"`
	RedirectURI      string    `json:"redirect_uri,omitempty"`
	TransactionState any       `json:"transaction_state,omitempty"`
	Attribute        string    `json:"attribute,omitempty"` // verification codes: the dateTime attribute to stamp
	Used             bool      `json:"used,omitempty"`
}

var tokens = store.Collection[tokenRecord]{Name: "tokens"}

// grant is a user's access grant to one client. entity.deleteAccess deletes it, and every
// token and code issued under it stops working; a later login starts a new generation.
type grant struct {
	EntityUUID string    `json:"entity_uuid"`
	ClientID   string    `json:"client_id"`
	Generation string    `json:"generation"`
	Created    time.Time `json:"created"`
}

var grants = store.Collection[grant]{Name: "grants"}

func grantID(entityUUID, clientID string) string { return entityUUID + "." + clientID }

func tokenID(kind, raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return kind + "-" + hex.EncodeToString(sum[:])
}

// issue stores a new token of rec.Kind and returns its value. Tokens tied to a user get
// the user's current grant with the client (a new one after deleteAccess).
func issue(tx *store.Tx, app string, rec tokenRecord, ttl time.Duration) (string, error) {
	if rec.EntityUUID != "" && rec.Kind != kindVerification && rec.Kind != kindCreation {
		id := grantID(rec.EntityUUID, rec.ClientID)
		g, err := grants.Get(tx, app, id)
		if errors.Is(err, store.ErrNotFound) {
			g = grant{EntityUUID: rec.EntityUUID, ClientID: rec.ClientID, Generation: lowerAlnum(12), Created: tx.Now()}
			err = grants.Put(tx, app, id, g)
		}
		if err != nil {
			return "", err
		}
		rec.Grant, rec.Generation = id, g.Generation
	}
	rec.Expires = tx.Now().Add(ttl)
	raw := lowerAlnum(tokenLengths[rec.Kind])
	return raw, tokens.PutTTL(tx, app, tokenID(rec.Kind, raw), rec, rec.Expires.Add(expiredRetention))
}

// errUnknownToken is a token the app never issued (or forgot a day after expiry).
var errUnknownToken = errors.New("unknown token")

// lookupToken finds a token and checks it is still good: not expired, not spent, and its
// grant not deleted. The errors are Capture's for the kind of token.
func lookupToken(tx *store.Tx, app, kind, raw string) (tokenRecord, error) {
	raw = strings.TrimSpace(raw)
	rec, err := tokens.Get(tx, app, tokenID(kind, raw))
	if errors.Is(err, store.ErrNotFound) || (err == nil && rec.Used) {
		return rec, errUnknownToken
	}
	if err != nil {
		return rec, err
	}
	if !tx.Now().Before(rec.Expires) {
		return rec, expiredError(kind)
	}
	if rec.Grant != "" {
		g, err := grants.Get(tx, app, rec.Grant)
		if errors.Is(err, store.ErrNotFound) || (err == nil && g.Generation != rec.Generation) {
			return rec, fail(codeNoAccessGrant, "the user's access grant was deleted; sign in again")
		}
		if err != nil {
			return rec, err
		}
	}
	return rec, nil
}

func expiredError(kind string) *apiError {
	switch kind {
	case kindCode:
		return fail(codeAuthorizationCodeExpired, "authorization code expired")
	case kindVerification:
		return fail(codeVerificationCodeExpired, "verification code expired")
	case kindCreation:
		return fail(codeCreationTokenExpired, "creation token expired")
	}
	return fail(codeAccessTokenExpired, "access token expired")
}

// verifyToken is lookupToken for a token given as a parameter: unknown is code 200 on it.
func verifyToken(tx *store.Tx, app, kind, raw string) (tokenRecord, error) {
	rec, err := lookupToken(tx, app, kind, raw)
	if errors.Is(err, errUnknownToken) {
		return rec, invalidArg(tokenArg[kind], "the "+strings.ReplaceAll(tokenArg[kind], "_", " ")+" is not recognized")
	}
	return rec, err
}

var tokenArg = map[string]string{kindAccess: "access_token", kindRefresh: "refresh_token", kindCode: "code",
	kindVerification: "verification_code", kindCreation: "creation_token"}

// spend marks a single-use token as used.
func spend(tx *store.Tx, app, kind, raw string) error {
	_, err := tokens.Update(tx, app, tokenID(kind, strings.TrimSpace(raw)), func(r *tokenRecord) error {
		r.Used = true
		return nil
	})
	return err
}

// revokeGrants deletes every access grant of a user (entity.deleteAccess, entity.delete).
func revokeGrants(tx *store.Tx, app, entityUUID string) error {
	var ids []string
	err := grants.Each(tx, app, func(id string, g grant) bool {
		if g.EntityUUID == entityUUID {
			ids = append(ids, id)
		}
		return true
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := grants.Delete(tx, app, id); err != nil {
			return err
		}
	}
	return nil
}
