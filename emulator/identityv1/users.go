package identityv1

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

type registerUserCommand struct {
	Username       string `json:"username"`
	Password       string `json:"password"`
	Email          string `json:"email"`
	PhoneNumber    string `json:"phone-number"`
	CustomerNumber string `json:"customer-number"`
	FirstName      string `json:"first-name"`
	LastName       string `json:"last-name"`
	HintPictureURL string `json:"hint-picture-url"`
}

// bind decodes a body the contract has already validated.
func bind(c *gin.Context, v any) error {
	if err := c.ShouldBindJSON(v); err != nil {
		return invalid("", "invalid-format", "the request body does not have the documented shape")
	}
	return nil
}

func (h *Handler) registerUser(c *gin.Context) error {
	var cmd registerUserCommand
	if err := bind(c, &cmd); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	id := uuid.NewString()
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		set, err := tenantSettings(tx, tenant)
		if err != nil {
			return err
		}
		if !meetsPolicy(cmd.Password, set.PasswordRequirements) {
			return problem("password-does-not-meet-requirements", "Password is weaker than the password policy allows")
		}
		hash, err := platform.HashPassword(cmd.Password, h.deps.BcryptCost)
		if err != nil {
			return err
		}
		u := user{
			ID: id, Username: cmd.Username, PasswordHash: hash, Email: cmd.Email, Phone: cmd.PhoneNumber,
			CustomerNumber: cmd.CustomerNumber, FirstName: cmd.FirstName, LastName: cmd.LastName,
			HintPictureURL: cmd.HintPictureURL, CreatedAt: tx.Now(),
		}
		return insertUser(tx, tenant, u)
	})
	if err != nil {
		return err
	}
	c.Header("Location", platform.BaseURL(c.Request)+"/v1/identity/users/"+url.PathEscape(cmd.Username))
	c.JSON(http.StatusCreated, gin.H{"user-id": id})
	return nil
}

// insertUser stores a new user, claiming its unique values in the same transaction:
// whichever of two concurrent registrations commits second gets the 440.
func insertUser(tx *store.Tx, tenant string, u user) error {
	if err := claim(tx, tenant, byUsername, u.Username, u.ID); err != nil {
		return err
	}
	if err := claim(tx, tenant, byEmail, u.Email, u.ID); err != nil {
		return err
	}
	if err := claim(tx, tenant, byPhone, u.Phone, u.ID); err != nil {
		return err
	}
	for _, l := range u.LinkedLogins {
		if err := claim(tx, tenant, byLogin, loginKey(l.Provider, l.Login), u.ID); err != nil {
			return err
		}
	}
	return users.Insert(tx, tenant, u.ID, u)
}

// claim takes a unique value for a user, turning a clash into the documented 440.
func claim(tx *store.Tx, tenant, index, value, id string) error {
	err := tx.Claim(tenant, users.Name, index, value, id)
	if !errors.Is(err, store.ErrDuplicate) {
		return err
	}
	switch index {
	case byUsername:
		return problem("username-already-used", fmt.Sprintf("Username %s is already used", value))
	case byEmail:
		return problem("email-already-used", fmt.Sprintf("Email address %s is already used", value))
	case byPhone:
		return problem("phone-number-already-used", fmt.Sprintf("Phone number %s is already used", value))
	default:
		provider, login, _ := strings.Cut(value, "|")
		return problem("login-already-used", fmt.Sprintf("Login %s at %s is already linked to another user profile", login, provider))
	}
}

// userByName finds a user by username (case-insensitive), 404 when there is none.
func userByName(tx *store.Tx, tenant, username string) (user, error) {
	id, err := tx.Lookup(tenant, users.Name, byUsername, username)
	if errors.Is(err, store.ErrNotFound) {
		return user{}, notFound(fmt.Sprintf("User %s not found", username))
	}
	if err != nil {
		return user{}, err
	}
	return users.Get(tx, tenant, id)
}

func (h *Handler) getUser(c *gin.Context) error {
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = userByName(tx, platform.TenantOf(c), contract.Param(c, "username"))
		return err
	})
	if err != nil {
		return err
	}
	return h.writeUser(c, u)
}

func (h *Handler) getMe(c *gin.Context) error {
	who := callerOf(c)
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = users.Get(tx, who.Tenant, who.UserID)
		return err
	})
	if err != nil {
		return err
	}
	return h.writeUser(c, u)
}

// writeUser answers with a shaped user profile.
func (h *Handler) writeUser(c *gin.Context, u user) error {
	include, trim := csv(c.QueryArray("include")), csv(c.QueryArray("trim"))
	out, unknown := shape(userView(u, h.deps.Clock.Now()), include, trim)
	if unknown != "" {
		param := "include"
		if contains(trim, unknown) {
			param = "trim"
		}
		return invalid(param, "not-on-list", fmt.Sprintf("%s is not a field of the user profile", unknown))
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// findUser matches every given criterion (AND); none or several matches is 404, as
// documented; no criterion at all is a 400 combination-required.
func (h *Handler) findUser(c *gin.Context) error {
	email, phone, customer, login := c.Query("email"), c.Query("phone-number"), c.Query("customer"), c.Query("login")
	if email == "" && phone == "" && customer == "" && login == "" {
		return invalid("", "combination-required", "give at least one of email, phone-number, customer, login")
	}
	tenant := platform.TenantOf(c)
	var match []user
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return users.Each(tx, tenant, func(_ string, u user) bool {
			if matches(u, email, phone, customer, login) {
				match = append(match, u)
			}
			return len(match) < 2
		})
	})
	if err != nil {
		return err
	}
	if len(match) != 1 {
		return notFound(fmt.Sprintf("%d users match the criteria; exactly one must", len(match)))
	}
	return h.writeUser(c, match[0])
}

func matches(u user, email, phone, customer, login string) bool {
	if email != "" && !strings.EqualFold(u.Email, email) {
		return false
	}
	if phone != "" && u.Phone != phone {
		return false
	}
	if customer != "" && u.CustomerNumber != customer {
		return false
	}
	if login != "" {
		found := false
		for _, l := range u.LinkedLogins {
			found = found || strings.EqualFold(l.Login, login)
		}
		return found
	}
	return true
}

// checkUsernameAvailable: 200 when free, 410 Gone when taken.
func (h *Handler) checkUsernameAvailable(c *gin.Context) error {
	name := contract.Param(c, "username")
	err := h.deps.Store.View(func(tx *store.Tx) error {
		_, err := tx.Lookup(platform.TenantOf(c), users.Name, byUsername, name)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.Status(http.StatusOK)
		return nil
	case err != nil:
		return err
	}
	return httpProblem(http.StatusGone, "gone", fmt.Sprintf("Username %s is not available", name))
}
