package logto

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// The Experience API's extraProfile profile type: values a sign-up form collects for the
// custom profile fields. They split into name and avatar, the standard OIDC profile
// claims (user.profile) and everything else (user.customData). A registration needs a
// value for every required custom profile field.

// userProfileKeys are the members of a user's profile (userProfileGuard).
var userProfileKeys = []string{"familyName", "givenName", "middleName", "nickname", "preferredUsername", "profile",
	"website", "gender", "birthdate", "zoneinfo", "locale", "address"}

// userAddressKeys are the members of profile.address.
var userAddressKeys = []string{"formatted", "streetAddress", "locality", "region", "postalCode", "country"}

// zodCrash is what Logto answers when a zod parse inside a handler (not the request
// guard) fails: its error handler knows only RequestError.
func zodCrash() *apiError {
	return &apiError{Status: http.StatusInternalServerError, raw: gin.H{"message": "Internal server error."}}
}

// parseExtraProfile is validateAndParseCustomProfile: reserved names are refused, and
// values are split into the user's columns, profile and custom data.
func parseExtraProfile(values map[string]any) (interactionProfile, error) {
	var p interactionProfile
	reserved := func(keys []string, code string) error {
		var hit []string
		for _, k := range keys {
			if _, ok := values[k]; ok {
				hit = append(hit, k)
			}
		}
		if len(hit) == 0 {
			return nil
		}
		return fail(http.StatusBadRequest, code, "name", strings.Join(hit, ", "))
	}
	if err := reserved(reservedBuiltInProfileKeys, "custom_profile_fields.name_conflict_built_in_prop"); err != nil {
		return p, err
	}
	if err := reserved(reservedSignInIdentifierKeys, "custom_profile_fields.name_conflict_sign_in_identifier"); err != nil {
		return p, err
	}
	if err := reserved(reservedCustomDataKeys, "custom_profile_fields.name_conflict_custom_data"); err != nil {
		return p, err
	}
	for _, k := range []string{"name", "avatar"} {
		v, ok := values[k]
		if !ok {
			continue
		}
		s, isString := v.(string)
		if !isString {
			return p, zodCrash()
		}
		if k == "avatar" && s != "" {
			if u, err := url.Parse(s); err != nil || u.Scheme == "" {
				return p, zodCrash()
			}
		}
		if k == "name" {
			p.Name = &s
		} else {
			p.Avatar = &s
		}
	}
	profile, custom := map[string]any{}, map[string]any{}
	for k, v := range values {
		switch {
		case k == "name" || k == "avatar":
		case k == "address":
			addr, ok := v.(map[string]any)
			if !ok {
				return p, zodCrash()
			}
			kept := map[string]any{}
			for ak, av := range addr {
				if !slices.Contains(userAddressKeys, ak) {
					continue
				}
				if _, ok := av.(string); !ok {
					return p, zodCrash()
				}
				kept[ak] = av
			}
			profile[k] = kept
		case slices.Contains(userProfileKeys, k):
			if _, ok := v.(string); !ok {
				return p, zodCrash()
			}
			profile[k] = v
		default:
			custom[k] = v
		}
	}
	p.Profile, p.CustomData = profile, custom
	return p, nil
}

// setExtraProfile merges parsed extra profile values into the interaction's profile
// (later values of a member win).
func setExtraProfile(in *interaction, extra interactionProfile) {
	if extra.Name != nil {
		in.Profile.Name = extra.Name
	}
	if extra.Avatar != nil {
		in.Profile.Avatar = extra.Avatar
	}
	in.Profile.Profile = extra.Profile
	in.Profile.CustomData = extra.CustomData
}

// applyExtraProfile copies the interaction's extra profile onto a user: name and avatar
// replace, profile and custom data merge.
func applyExtraProfile(u *user, p interactionProfile) {
	if p.Name != nil {
		u.Name = p.Name
	}
	if p.Avatar != nil {
		u.Avatar = p.Avatar
	}
	if len(p.Profile) > 0 {
		raw, _ := json.Marshal(p.Profile)
		u.Profile = mergeJSONB(u.Profile, raw)
	}
	if len(p.CustomData) > 0 {
		raw, _ := json.Marshal(p.CustomData)
		u.CustomData = mergeJSONB(u.CustomData, raw)
	}
}

// missingExtraProfile reports whether a registration lacks a value for a required
// custom profile field (a fullname field stands for its parts).
func missingExtraProfile(tx *store.Tx, tenant string, p interactionProfile) (bool, error) {
	fields, err := listProfileFields(tx, tenant)
	if err != nil {
		return false, err
	}
	var names []string
	for _, f := range fields {
		if !f.Required {
			continue
		}
		if f.Name != fieldNameFullname {
			names = append(names, f.Name)
			continue
		}
		var config struct {
			Parts []struct {
				Name string `json:"name"`
			} `json:"parts"`
		}
		_ = json.Unmarshal(f.Config, &config)
		for _, part := range config.Parts {
			names = append(names, part.Name)
		}
	}
	has := func(m map[string]any, k string) bool { v, ok := m[k]; return ok && v != nil }
	for _, name := range names {
		switch {
		case name == "name" && p.Name != nil, name == "avatar" && p.Avatar != nil:
		case name == "username" && p.Username != nil, name == "primaryEmail" && p.PrimaryEmail != nil,
			name == "primaryPhone" && p.PrimaryPhone != nil:
		case has(p.Profile, name), has(p.CustomData, name):
		default:
			return true, nil
		}
	}
	return false, nil
}
