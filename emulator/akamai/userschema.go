package akamai

// standardUserType is the user entity type every app starts with: the attributes of
// Capture's default user schema that the flows and SDKs rely on.
func standardUserType() *entityType {
	str := func(name string, length int, constraints ...string) *attrDef {
		return &attrDef{Name: name, Type: typeString, Length: intptr(length), CaseSensitive: boolptr(true), Constraints: nonNil(constraints), Features: []string{}}
	}
	of := func(name, typ string, constraints ...string) *attrDef {
		return &attrDef{Name: name, Type: typ, Constraints: nonNil(constraints), Features: []string{}}
	}
	group := func(name, typ string, children ...*attrDef) *attrDef {
		return &attrDef{Name: name, Type: typ, Constraints: []string{}, Features: []string{}, AttrDefs: children}
	}
	email := str("email", 256, constraintEmailAddress, constraintUnique)
	email.CaseSensitive = boolptr(false)
	identifier := str("identifier", 1000, constraintUnique)
	return &entityType{Name: "user", AttrDefs: []*attrDef{
		email,
		of("emailVerified", typeDateTime),
		str("givenName", 1000),
		str("middleName", 1000),
		str("familyName", 1000),
		str("displayName", 255),
		of("birthday", typeDate),
		str("gender", 100),
		of("password", typePassword),
		of("lastLogin", typeDateTime),
		str("mobileNumber", 100),
		str("aboutMe", 1000),
		group("primaryAddress", typeObject,
			str("address1", 1000), str("address2", 1000), str("city", 1000), str("company", 1000),
			str("country", 1000), str("mobile", 100), str("phone", 100), str("stateAbbreviation", 100),
			str("zip", 100), str("zipPlus4", 100)),
		group("profiles", typePlural,
			str("domain", 1000), identifier, str("provider", 1000), str("remote_key", 1000),
			str("verifiedEmail", 256), of("accessCredentials", typeJSON), of("profile", typeJSON)),
		group("statuses", typePlural, str("status", 100), of("statusCreated", typeDateTime)),
		group("photos", typePlural, str("type", 1000), str("value", 1000)),
		group("clients", typePlural, str("clientId", 1000), str("name", 1000),
			of("firstLogin", typeDateTime), of("lastLogin", typeDateTime)),
	}}
}
