Feature: Identity providers
  Facebook, Google, the custom identity provider, Cloud Directory and SAML each have
  one configuration per tenant. A new tenant answers App ID's defaults; a PUT is read
  back as it was sent; SAML answers what it learned from the certificates, and the
  tenant publishes its SAML service provider metadata in XML.

  Background:
    Given I am authenticated as the client

  @emulator
  Scenario: a new tenant answers App ID's defaults
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/idps/facebook"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "isActive" should be false
    And the response field "redirectURL" should match "/callback$"
    When I send a GET request to "/management/v4/${tenantId}/config/idps/google"
    Then the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/idps/custom"
    Then the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/idps/saml"
    Then the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/idps/cloud_directory"
    Then the response status should be 200
    And the response field "isActive" should be true
    And the response field "config.signupEnabled" should be true
    And the response field "config.selfServiceEnabled" should be true
    And the response field "config.interactions.identityConfirmation.accessMode" should be "FULL"
    And the response field "config.interactions.identityConfirmation.methods[0]" should be "email"
    And the response field "config.interactions.welcomeEnabled" should be true
    And the response field "config.interactions.resetPasswordEnabled" should be true
    And the response field "config.interactions.resetPasswordNotificationEnable" should be true

  Scenario Outline: the <idp> configuration round-trips
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/<idp>" with JSON:
      """
      {"isActive": true, "config": {"idpId": "<idp>-app-${unique}", "secret": "<idp>-secret-${unique}"}}
      """
    Then the response status should be 200
    And the response field "config.idpId" should be "<idp>-app-${unique}"
    And the response field "redirectURL" should exist
    When I send a GET request to "/management/v4/${tenantId}/config/idps/<idp>"
    Then the response field "isActive" should be true
    And the response field "config.idpId" should be "<idp>-app-${unique}"
    And the response field "config.secret" should be "<idp>-secret-${unique}"
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/<idp>" with JSON:
      """
      {"isActive": false}
      """
    Then the response status should be 200
    When I send a GET request to "/management/v4/${tenantId}/config/idps/<idp>"
    Then the response field "isActive" should be false
    And the response field "config" should not exist

    Examples:
      | idp      |
      | facebook |
      | google   |

  Scenario Outline: an invalid <idp> configuration is 400: <case>
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/<idp>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response header "Content-Type" should match "^application/json"
    And the response field "code" should be "BAD_REQUEST"
    And the response field "message" should exist

    Examples:
      | idp             | case                      | body                                                     |
      | facebook        | isActive missing          | {"config": {"idpId": "a", "secret": "b"}}                |
      | google          | a config without a secret | {"isActive": true, "config": {"idpId": "a"}}             |
      | custom          | a key that is not PEM     | {"isActive": true, "config": {"publicKey": "not a key"}} |
      | custom          | active without a key      | {"isActive": true}                                       |
      | cloud_directory | config missing            | {"isActive": true}                                       |
      | saml            | active without a config   | {"isActive": true}                                       |
      | saml            | a certificate that is not | {"isActive": true, "config": {"entityID": "urn:idp", "signInUrl": "https://idp.example.test/sso", "certificates": ["bm90IGEgY2VydA=="]}} |
      | saml            | a sign-in URL that is not | {"isActive": true, "config": {"entityID": "urn:idp", "signInUrl": "not a url", "certificates": ["MIIBJDCBy6ADAgECAgEHMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMTEGlkcC5leGFtcGxlLnRlc3QwIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMBsxGTAXBgNVBAMTEGlkcC5leGFtcGxlLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATDGep3norVIpbiCqVL5f1HVAkU1TlXVeCnKdMh7nSPnoteWiiJaS+2MxoK5fA9cqgU/JwKCP95gkccE1FinCu3MAoGCCqGSM49BAMCA0gAMEUCIHDr0fMdTKnXSoHwa19qwMeybfxlwf3EEcuElr/liPXsAiEA4eknFOFiWmaNoFL+IYu5iAwbzne/D2JnhEUfyDHds9Y="]}} |

  Scenario: the custom identity provider keeps its RSA public key
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/custom" with JSON:
      """
      {"isActive": true, "config": {"publicKey": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoBSm5Z1053CMJMnNYRgQ\nDrXBUwBxkl9SCLgqo50yISpkT9+OYv2DOUSHOmrZBtQKvW5yyDZ8Oc7ibYTh2Olp\noin3z4SgL75PzIDeGCcSf/5Pf5Lrh5kb3YDoV3XhZuLcQ0iz6m/f9ywHynEXDNzt\nOummgRtaGuQAwt/ijXc8y1Yvna0/F7BbdcXKXe3kZy2GHqFx7wmare4HxvrVa6Wx\n8xr21wwsFCv2VBHIZCPDLxztCzbt47NaJmTOAWXVQ8/WJAGIRAShUqRARl5RPR7q\nelSlgSSFEIj2Qy3bWDnM182YnRouM5cETP/kMSFzY98qq9Fb1YmQU94kdGdqdZAr\newIDAQAB\n-----END PUBLIC KEY-----\n"}}
      """
    Then the response status should be 200
    And the response field "config.publicKey" should match "^-----BEGIN PUBLIC KEY-----"
    When I send a GET request to "/management/v4/${tenantId}/config/idps/custom"
    Then the response field "isActive" should be true
    And the response field "config.publicKey" should match "END PUBLIC KEY-----"
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/custom" with JSON:
      """
      {"isActive": false}
      """
    Then the response status should be 200

  Scenario: SAML answers when each certificate expires
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/saml" with JSON:
      """
      {"isActive": true, "config": {"entityID": "urn:idp:${unique}", "signInUrl": "https://idp.example.test/sso",
       "certificates": ["MIIBJDCBy6ADAgECAgEHMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMTEGlkcC5leGFtcGxlLnRlc3QwIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMBsxGTAXBgNVBAMTEGlkcC5leGFtcGxlLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATDGep3norVIpbiCqVL5f1HVAkU1TlXVeCnKdMh7nSPnoteWiiJaS+2MxoK5fA9cqgU/JwKCP95gkccE1FinCu3MAoGCCqGSM49BAMCA0gAMEUCIHDr0fMdTKnXSoHwa19qwMeybfxlwf3EEcuElr/liPXsAiEA4eknFOFiWmaNoFL+IYu5iAwbzne/D2JnhEUfyDHds9Y="], "displayName": "Corporate",
       "authnContext": {"class": ["urn:oasis:names:tc:SAML:2.0:ac:classes:Password"], "comparison": "exact"},
       "signRequest": false, "encryptResponse": false, "includeScoping": true}}
      """
    Then the response status should be 200
    And the response field "validation_data.certificates[0].certificate_index" should be the number 0
    And the response field "validation_data.certificates[0].expiration_timestamp" should be the number 4733510400
    When I send a GET request to "/management/v4/${tenantId}/config/idps/saml"
    Then the response field "config.entityID" should be "urn:idp:${unique}"
    And the response field "config.displayName" should be "Corporate"
    And the response field "config.authnContext.comparison" should be "exact"
    And the response field "config.includeScoping" should be true
    And the response field "validation_data" should not exist
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/saml" with JSON:
      """
      {"isActive": false}
      """
    Then the response status should be 200

  @emulator
  Scenario: the Cloud Directory configuration round-trips
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/cloud_directory" with JSON:
      """
      {"isActive": true, "config": {"selfServiceEnabled": false, "signupEnabled": false, "identityField": "userName",
       "interactions": {"identityConfirmation": {"accessMode": "RESTRICTIVE", "methods": ["email"]},
        "welcomeEnabled": false, "resetPasswordEnabled": false, "resetPasswordNotificationEnable": false}}}
      """
    Then the response status should be 200
    When I send a GET request to "/management/v4/${tenantId}/config/idps/cloud_directory"
    Then the response field "config.identityField" should be "userName"
    And the response field "config.selfServiceEnabled" should be false
    And the response field "config.interactions.identityConfirmation.accessMode" should be "RESTRICTIVE"
    And the response field "config.interactions.welcomeEnabled" should be false

  Scenario: the SAML service provider metadata is XML naming the tenant
    When I send a GET request to "/management/v4/${tenantId}/config/saml_metadata"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/xml"
    And the response body should contain "EntityDescriptor"
    And the response body should contain "urn:ibm:cloud:services:appid:${tenantId}"
    And the response body should contain "SPSSODescriptor"
    And the response body should contain "AssertionConsumerService"
