@emulator
Feature: Hosted Login
  Hosted Login is OpenID Connect per customer, at /{customerId}/login. A configuration
  client gets administrative tokens for the configuration API (token policies, login
  policies, OIDC clients); a login client signs users of the Capture app in, and the
  policies decide token lifetimes, scopes and claims. (These scenarios use the
  configuration and login clients idemu seeds, and need every host on one base URL.)

  Background:
    When I call "/settings/get_default" with:
      | key | customer_id |
    Then the response should be a Capture success
    And I store the response field "result" as "customer_id"

  Scenario: discovery document and keys
    When I send a GET request to "/${customer_id}/login/.well-known/openid-configuration"
    Then the response status should be 200
    And the response field "token_endpoint" should match "/login/token$"
    And the response field "issuer" should match "^http.*/login$"
    And the response field "code_challenge_methods_supported[0]" should be "S256"
    When I send a GET request to "/${customer_id}/login/jwk"
    Then the response status should be 200
    And the response field "keys" should have 1 item
    When I send a GET request to "/00000000-0000-0000-0000-000000000000/login/jwk"
    Then the response should be a v1.api error with status 404

  Scenario: administrative tokens guard the configuration API
    When I send a GET request to "/${customer_id}/config/tokenPolicies"
    Then the response should be a v1.api error with status 401
    When I use basic credentials "idemu-hl-config" and "wrong"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type | client_credentials |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"
    When I use basic credentials "idemu-hl-config" and "idemu-hl-config-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type | client_credentials |
      | scope      | *:webhooks/**      |
    Then the response status should be 200
    And I store the response field "access_token" as "hooks_token"
    When I use the access token "${hooks_token}"
    And I send a GET request to "/${customer_id}/config/tokenPolicies"
    Then the response should be a v1.api error with status 403

  Scenario: policies decide lifetimes, scopes and grants
    When I use basic credentials "idemu-hl-config" and "idemu-hl-config-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type | client_credentials |
      | scope      | *:config/**        |
    Then the response status should be 200
    And the response field "expires_in" should be the number 3600
    And I store the response field "access_token" as "admin"
    When I use the access token "${admin}"
    And I send a POST request to "/${customer_id}/config/tokenPolicies" with JSON:
      """
      {"title": "too long ${unique}", "accessTokenLifetime": 7200}
      """
    Then the response should be a v1.api error with status 400
    When I send a POST request to "/${customer_id}/config/tokenPolicies" with JSON:
      """
      {"title": "short ${unique}", "accessTokenLifetime": 300, "allowedScopes": ["openid", "email"], "useAccessJWT": true}
      """
    Then the response status should be 201
    And I store the response field "$" as "token_policy"
    When I send a GET request to "/${customer_id}/config/tokenPolicies/${token_policy}"
    Then the response status should be 200
    And the response field "accessTokenLifetime" should be the number 300
    And the response field "refreshTokenLifetime" should be the number 7776000
    When I send a PUT request to "/${customer_id}/config/tokenPolicies/${token_policy}/allowedGrantTypes" with JSON:
      """
      ["authorization_code"]
      """
    Then the response status should be 204
    When I send a GET request to "/${customer_id}/config/tokenPolicies/${token_policy}/allowedGrantTypes"
    Then the response status should be 200
    And the response field "$" should have 1 item
    When I send a POST request to "/${customer_id}/config/loginPolicies" with JSON:
      """
      {"title": "login ${unique}", "loginURL": "https://login.idemu.test/auth-ui/login",
       "identityStoreDetails": {"type": "janrainCapture", "connectionDetails": {"applicationId": "default",
         "clientId": "idemu-owner", "clientSecret": "idemu-owner-secret", "domain": "default.janraincapture.com", "entityType": "user"}},
       "customClaims": {"id_token": {"nick": "displayName"}}}
      """
    Then the response status should be 201
    And I store the response field "$" as "login_policy"
    When I send a PUT request to "/${customer_id}/config/loginPolicies/${login_policy}/pushClaims" with JSON:
      """
      true
      """
    Then the response status should be 204
    When I send a POST request to "/${customer_id}/config/clients" with JSON:
      """
      {"name": "web ${unique}", "type": "confidential", "redirectURIs": ["https://app.example.test/cb"],
       "loginPolicy": "${login_policy}", "tokenPolicy": "${token_policy}"}
      """
    Then the response status should be 201
    And the response field "secret" should not exist
    And I store the response field "id" as "web_client"
    When I send a GET request to "/${customer_id}/config/clients/${web_client}/secret"
    Then the response status should be 200
    And I store the response field "secret" as "web_secret"
    When I send a DELETE request to "/${customer_id}/config/tokenPolicies/${token_policy}"
    Then the response should be a v1.api error with status 409
    When I call "/entity.create" with:
      | type_name  | user                                                                                           |
      | attributes | {"email":"hl-${unique}@example.test","displayName":"hl ${unique}","password":"Hosted-login-1"} |
    Then the response should be a Capture success
    When I sign in at "/${customer_id}/login.idemu.test/login/token" as "hl-${unique}@example.test" with password "Hosted-login-1" with query:
      | client_id     | ${web_client}               |
      | redirect_uri  | https://app.example.test/cb |
      | response_type | code                        |
      | scope         | openid                      |
      | state         | s-${unique}                 |
    Then the response status should be 302
    When I use basic credentials "${web_client}" and "${web_secret}"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type   | authorization_code          |
      | code         | ${hl_code}                  |
      | redirect_uri | https://app.example.test/cb |
    Then the response status should be 200
    And the response field "expires_in" should be the number 300
    And the response field "scope" should be "openid email"
    And the response field "refresh_token" should not exist
    And the response field "id_token" should be a token that verifies against the issuer "/${customer_id}/login"
    # The client's application client would otherwise stay among the app's login clients.
    When I use the access token "${admin}"
    And I send a DELETE request to "/${customer_id}/config/clients/${web_client}"
    Then the response status should be 204

  Scenario: authorization code, userinfo, refresh and revocation
    When I call "/entity.create" with:
      | type_name  | user                                                                                                                  |
      | attributes | {"email":"flow-${unique}@example.test","givenName":"Flow","displayName":"flow ${unique}","password":"Hosted-login-1"} |
    Then the response should be a Capture success
    When I sign in at "/${customer_id}/login.idemu.test/login/token" as "flow-${unique}@example.test" with password "Hosted-login-1" with query:
      | client_id     | idemu-hl-client           |
      | redirect_uri  | https://app.test/callback |
      | response_type | code                      |
      | scope         | openid email profile      |
      | state         | s-${unique}               |
      | nonce         | n-${unique}               |
    Then the response status should be 302
    And the response header "Location" should match "state=s-${unique}"
    When I use basic credentials "idemu-hl-client" and "idemu-hl-client-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type   | authorization_code        |
      | code         | ${hl_code}                |
      | redirect_uri | https://app.test/callback |
    Then the response status should be 200
    And the response field "token_type" should be "Bearer"
    And the response field "id_token" should be a token that verifies against the issuer "/${customer_id}/login"
    And I store the response field "access_token" as "user_token"
    And I store the response field "refresh_token" as "first_refresh"
    When I use the access token "${user_token}"
    And I send a GET request to "/${customer_id}/profiles/oidc/userinfo"
    Then the response status should be 200
    And the response field "email" should be "flow-${unique}@example.test"
    And the response field "given_name" should be "Flow"
    When I use basic credentials "idemu-hl-client" and "idemu-hl-client-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type    | refresh_token    |
      | refresh_token | ${first_refresh} |
    Then the response status should be 200
    When I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type    | refresh_token    |
      | refresh_token | ${first_refresh} |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    When I send a POST request to "/${customer_id}/login/token/revoke" with form:
      | token | ${user_token} |
    Then the response status should be 200
    When I send a POST request to "/${customer_id}/login/token/introspect" with form:
      | token | ${user_token} |
    Then the response status should be 200
    And the response field "active" should be false
    When I use the access token "${user_token}"
    And I send a GET request to "/${customer_id}/profiles/oidc/userinfo"
    Then the response status should be 401
    And the response field "error" should be "invalid_token"

  Scenario: refused authorization requests
    When I send a GET request to "/${customer_id}/login/authorize?client_id=nobody&redirect_uri=https://app.test/callback&response_type=code&scope=openid"
    Then the response status should be 400
    And the response field "error" should be "unauthorized_client"
    When I send a GET request to "/${customer_id}/login/authorize?client_id=idemu-hl-client&redirect_uri=https://evil.test/cb&response_type=code&scope=openid"
    Then the response status should be 400
    And the response field "error" should be "invalid_redirect_uri"
    When I sign in at "/${customer_id}/login.idemu.test/login/token" as "nobody@example.test" with password "x" with query:
      | client_id     | idemu-hl-client           |
      | redirect_uri  | https://app.test/callback |
      | response_type | token                     |
      | scope         | openid                    |
    Then the response status should be 302
    And the response header "Location" should match "error=unsupported_response_type"
