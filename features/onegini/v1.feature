Feature: The v1 configuration view
  GET /api/config gives the password policy, the messages per language and the profile
  rules, limited by `fields`. The identity providers are the configured external login
  methods. The view is derived from the v2 units, so a v2 write shows in it at once.

  Scenario: without fields every part is returned
    Given I am authenticated as the client
    When I send a GET request to "/api/config"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "password_policy.min_length" should exist
    And the response field "password_policy.max_length" should exist
    And the response field "password_policy.lower_case_char_required" should exist
    And the response field "password_policy.upper_case_char_required" should exist
    And the response field "password_policy.special_char_required" should exist
    And the response field "password_policy.breached_password_blocked" should exist
    And the response field "messages.default" should exist
    And the response field "profile" should exist

  Scenario Outline: fields limits the parts (<form>)
    Given I am authenticated as the client
    When I send a GET request to "/api/config?<query>"
    Then the response status should be 200
    And the response field "profile" should exist
    And the response field "password_policy" should exist
    And the response field "messages" should not exist

    Examples:
      | form            | query                                   |
      | repeated        | fields=profile&fields=password_policy   |
      | comma-separated | fields=profile,password_policy          |

  Scenario: one field gives one part
    Given I am authenticated as the client
    When I send a GET request to "/api/config?fields=messages"
    Then the response status should be 200
    And the response field "messages.default" should exist
    And the response field "profile" should not exist
    And the response field "password_policy" should not exist

  Scenario Outline: an unknown fields value is 400 with an empty body (<value>)
    Given I am authenticated as the client
    When I send a GET request to "/api/config?fields=<value>"
    Then the response status should be 400
    And the response body should be empty

    Examples:
      | value                |
      | passwords            |
      | profile,unknown      |
      | PROFILE              |

  Scenario: a message written through v2 appears in the v1 messages of its locale, and goes with it
    Given I am authenticated as the client
    When I send a PUT request to "/api/v2/config/custom-messages/nl/batch" with JSON:
      """
      {"idemu_v1_${unique}": "Hallo ${unique}"}
      """
    Then the response status should be 204
    When I send a GET request to "/api/config?fields=messages"
    Then the response status should be 200
    And the response field "messages.nl.idemu_v1_${unique}" should be "Hallo ${unique}"
    When I send a DELETE request to "/api/v2/config/custom-messages/nl/idemu_v1_${unique}"
    Then the response status should be 204
    When I send a DELETE request to "/api/v2/config/custom-messages/nl/idemu_v1_${unique}"
    Then the response status should be 404

  Scenario: the default messages of v2 are the v1 messages under "default"
    Given I am authenticated as the client
    When I send a PUT request to "/api/v2/config/custom-messages/default/batch" with JSON:
      """
      {"idemu_default_${unique}": "Hello ${unique}"}
      """
    Then the response status should be 204
    When I send a GET request to "/api/config"
    Then the response field "messages.default.idemu_default_${unique}" should be "Hello ${unique}"
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response field "default.idemu_default_${unique}" should be "Hello ${unique}"
    When I send a DELETE request to "/api/v2/config/custom-messages/default/idemu_default_${unique}"
    Then the response status should be 204

  Scenario: the extension reload answers 200 with an empty body
    Given I am authenticated as the client
    When I send a POST request to "/api/config/extension/reload"
    Then the response status should be 200
    And the response body should be empty

  Scenario: the identity providers are listed under result
    Given I am authenticated as the client
    When I send a GET request to "/api/config/identity-providers"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "result" should exist

  @emulator
  Scenario: the default tenant's identity providers are its Facebook and Google login methods
    Given I am authenticated as the client
    When I send a GET request to "/api/config/identity-providers"
    Then the response status should be 200
    And the response field "result" should have 2 items
    And the response field "result[0].id" should be "12345"
    And the response field "result[0].name" should be "Facebook"
    And the response field "result[0].type" should be "facebook"
    And the response field "result[0].saml_properties.authn_context" should be "urn:com:onegini:saml:facebook"
    And the response field "result[1].type" should be "google"

  @emulator
  Scenario: the default password policy and profile rules
    Given I am authenticated as the client
    When I send a GET request to "/api/config?fields=password_policy,profile"
    Then the response status should be 200
    And the response field "password_policy.min_length" should be the number 8
    And the response field "password_policy.max_length" should be the number 64
    And the response field "password_policy.lower_case_char_required" should be true
    And the response field "password_policy.breached_password_blocked" should be false
    And the response field "profile.required_attributes_validation_rules[0].any_of" should have 2 items
    And the response field "profile.required_attributes_validation_rules[0].any_of[0]" should be "BIRTH_DATE"

  @emulator
  Scenario: a login method added through v2 is an identity provider in v1; the local login is not
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "idp-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "idp-${unique}"
    And I use basic credentials "u" and "s"
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"login_methods": {"login_methods": [
        {"id": "local", "type": "USERNAME_AND_PASSWORD", "name": "Username and password"},
        {"id": "corp-saml", "type": "SAML", "name": "Corporate SSO", "enabled": false,
         "saml_attributes": {"idp_metadata": "https://sso.example.test/metadata", "comparison": "MINIMUM"}}]}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/config/identity-providers"
    Then the response status should be 200
    And the response field "result" should have 1 item
    And the response field "result[0].id" should be "corp-saml"
    And the response field "result[0].name" should be "Corporate SSO"
    And the response field "result[0].type" should be "saml"
    And the response field "result[0].saml_properties.authn_context" should be "urn:com:onegini:saml:saml"

  Scenario Outline: <method> on the v1 path <path> is 405 with an empty body
    Given I am authenticated as the client
    When I send a <method> request to "<path>"
    Then the response status should be 405
    And the response body should be empty
    And the response header "Allow" should be "<allow>"

    Examples:
      | method | path                           | allow |
      | DELETE | /api/config                    | GET   |
      | POST   | /api/config                    | GET   |
      | GET    | /api/config/extension/reload   | POST  |
      | PUT    | /api/config/identity-providers | GET   |
