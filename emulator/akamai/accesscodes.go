package akamai

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// forClient is the client a token or code is minted for: for_client_id, else the caller.
// Minting for another client takes the owner or access_issuer feature.
func forClient(tx *store.Tx, r *request) (client, error) {
	self := *r.caller.client
	if !r.has("for_client_id") || r.str("for_client_id") == self.ID {
		return self, nil
	}
	if !self.has(featureOwner) && !self.has(featureAccessIssuer) {
		return client{}, permission("only owner and access_issuer clients can issue for another client")
	}
	return targetClient(tx, r.app, "for_client_id", r.str("for_client_id"))
}

func lifetime(r *request, def time.Duration) time.Duration {
	if r.has("lifetime") {
		return time.Duration(r.number("lifetime", 0)) * time.Second
	}
	return def
}

// mintForRecord selects the record and stores a token about it.
func (h *Handler) mintForRecord(r *request, rec tokenRecord, ttl time.Duration) (string, error) {
	var raw string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		doc, err := selectRecord(tx, r, et)
		if err != nil {
			return err
		}
		if rec.ClientID == "" {
			cl, err := forClient(tx, r)
			if err != nil {
				return err
			}
			rec.ClientID = cl.ID
		}
		rec.EntityUUID, rec.TypeName = doc.uuid(), et.Name
		raw, err = issue(tx, r.app, rec, ttl)
		return err
	})
	return raw, err
}

func (h *Handler) getAuthorizationCode(_ *gin.Context, r *request) (result, error) {
	rec := tokenRecord{Kind: kindCode, RedirectURI: r.str("redirect_uri")}
	if _, err := r.jsonArg("transaction_state", &rec.TransactionState); err != nil {
		return nil, err
	}
	code, err := h.mintForRecord(r, rec, lifetime(r, defaultCodeTTL))
	if err != nil {
		return nil, err
	}
	return result{"authorizationCode": code}, nil
}

func (h *Handler) getAccessToken(_ *gin.Context, r *request) (result, error) {
	tok, err := h.mintForRecord(r, tokenRecord{Kind: kindAccess}, accessTokenTTL)
	if err != nil {
		return nil, err
	}
	return result{"accessToken": tok}, nil
}

// getVerificationCode mints a one-time code that stamps a dateTime attribute with the
// time it is used (emailVerified, typically).
func (h *Handler) getVerificationCode(_ *gin.Context, r *request) (result, error) {
	var code string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		if err := checkStampable(et, r.str("attribute_name")); err != nil {
			return err
		}
		doc, err := selectRecord(tx, r, et)
		if err != nil {
			return err
		}
		clientID := r.callerClientID()
		code, err = issue(tx, r.app, tokenRecord{Kind: kindVerification, EntityUUID: doc.uuid(), TypeName: et.Name,
			ClientID: clientID, Attribute: r.str("attribute_name")}, lifetime(r, verificationCodeTTL))
		return err
	})
	if err != nil {
		return nil, err
	}
	return result{"verification_code": code}, nil
}

// checkStampable: a verification code sets a dateTime attribute outside any plural.
func checkStampable(et *entityType, name string) error {
	p, d, err := et.resolveString(name)
	if err != nil {
		return err
	}
	if d.Type != typeDateTime || isReservedPath(p) {
		return invalidArg("attribute_name", p.schemaPath()+" is not a dateTime attribute")
	}
	for i := 1; i < len(p); i++ {
		if pd, _ := et.resolve(p[:i]); pd != nil && pd.Type == typePlural {
			return invalidArg("attribute_name", p.schemaPath()+" is inside a plural")
		}
	}
	return nil
}

func (h *Handler) useVerificationCode(_ *gin.Context, r *request) (result, error) {
	var id string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		rec, err := verifyToken(tx, r.app, kindVerification, r.str("verification_code"))
		if err != nil {
			return err
		}
		if err := spend(tx, r.app, kindVerification, r.str("verification_code")); err != nil {
			return err
		}
		id = rec.EntityUUID
		return h.stamp(tx, r.app, rec)
	})
	if err != nil {
		return nil, err
	}
	return result{"uuid": id}, nil
}

// stamp sets a verification code's attribute to now on its record.
func (h *Handler) stamp(tx *store.Tx, app string, rec tokenRecord) error {
	et, err := h.loadType(tx, app, rec.TypeName)
	if err != nil {
		return err
	}
	doc, err := entityByUUID(tx, app, et, rec.EntityUUID)
	if err != nil {
		return err
	}
	p, _, err := et.resolveString(rec.Attribute)
	if err != nil {
		return err
	}
	next := deepClone(doc.Attrs).(map[string]any)
	parent, err := containerAt(next, p[:len(p)-1], rec.Attribute)
	if err != nil {
		return err
	}
	parent[p[len(p)-1].name] = systemTime(tx.Now())
	changed := entityDoc{Attrs: next, PasswordHistory: doc.PasswordHistory}
	return storeChanged(tx, app, et, doc.Attrs, &changed, h.deps.BcryptCost, true)
}

func (h *Handler) getCreationToken(_ *gin.Context, r *request) (result, error) {
	var tok string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		cl, err := forClient(tx, r)
		if err != nil {
			return err
		}
		tok, err = issue(tx, r.app, tokenRecord{Kind: kindCreation, TypeName: et.Name, ClientID: cl.ID}, lifetime(r, creationTokenTTL))
		return err
	})
	if err != nil {
		return nil, err
	}
	return result{"creation_token": tok}, nil
}
