Feature: The v2 configuration units
  Each unit reads back what was written. A POST of a unit changes the fields it names:
  objects merge field by field, lists are replaced whole, and what it leaves out stays.
  The scenarios that change a deployment's values put them back afterwards.

  Scenario: the whole configuration holds the six units
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "attributes" should exist
    And the response field "custom_messages" should exist
    And the response field "features" should exist
    And the response field "login_methods" should exist
    And the response field "step_up" should exist
    And the response field "ui_extension" should exist

  Scenario: a POST of the UI extension changes what it names and keeps the rest
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response status should be 200
    And I store the response field "login_path" as "old_login_path"
    And I store the response field "base_url" as "old_base_url"
    When I send a POST request to "/api/v2/config/ui-extension" with JSON:
      """
      {"login_path": "/idemu-${unique}"}
      """
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response field "login_path" should be "/idemu-${unique}"
    And the response field "base_url" should be "${old_base_url}"
    When I send a GET request to "/api/v2/config"
    Then the response field "ui_extension.login_path" should be "/idemu-${unique}"
    When I send a POST request to "/api/v2/config/ui-extension" with JSON:
      """
      {"login_path": "${old_login_path}"}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response field "login_path" should be "${old_login_path}"

  Scenario: a POST of the attributes merges nested objects
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/attributes"
    Then the response status should be 200
    And I store the response field "verification.email_required" as "old_email_required"
    And I store the response field "verification.email_enabled" as "old_email_enabled"
    And I store the response field "name_visible_on_dashboard" as "old_name_visible"
    When I send a POST request to "/api/v2/attributes" with JSON:
      """
      {"verification": {"email_required": false}, "name_visible_on_dashboard": false}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/attributes"
    Then the response field "verification.email_required" should be false
    And the response field "verification.email_enabled" should be "${old_email_enabled}"
    And the response field "name_visible_on_dashboard" should be false
    When I send a POST request to "/api/v2/attributes" with JSON:
      """
      {"verification": {"email_required": ${old_email_required}}, "name_visible_on_dashboard": ${old_name_visible}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/attributes"
    Then the response field "verification.email_required" should be "${old_email_required}"

  Scenario: a POST of the step-up configuration keeps the source's field name stategy
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/step-up"
    Then the response status should be 200
    And I store the response field "stategy" as "old_strategy"
    And I store the response field "actions.dashboard_step_up_authentication_level" as "old_dashboard_level"
    And I store the response field "actions.change_password_authentication_level" as "old_password_level"
    When I send a POST request to "/api/v2/config/step-up" with JSON:
      """
      {"stategy": "STRONGEST_AVAILABLE", "actions": {"dashboard_step_up_authentication_level": 2}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/step-up"
    Then the response field "stategy" should be "STRONGEST_AVAILABLE"
    And the response field "actions.dashboard_step_up_authentication_level" should be the number 2
    And the response field "actions.change_password_authentication_level" should be "${old_password_level}"
    And the response field "strategy" should not exist
    When I send a POST request to "/api/v2/config/step-up" with JSON:
      """
      {"stategy": "${old_strategy}", "actions": {"dashboard_step_up_authentication_level": ${old_dashboard_level}}}
      """
    Then the response status should be 204

  Scenario: a POST of the features changes flags and nested settings
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/features"
    Then the response status should be 200
    And the response field "configuration_api_enabled" should be true
    And I store the response field "sms_enabled" as "old_sms"
    And I store the response field "person_activation.expiration_time" as "old_expiration"
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"sms_enabled": false, "person_activation": {"expiration_time": 90}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/features"
    Then the response field "sms_enabled" should be false
    And the response field "person_activation.expiration_time" should be the number 90
    And the response field "configuration_api_enabled" should be true
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"sms_enabled": ${old_sms}, "person_activation": {"expiration_time": ${old_expiration}}}
      """
    Then the response status should be 204

  Scenario: the whole-configuration POST updates several units at once
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config"
    Then the response status should be 200
    And I store the response field "ui_extension.login_path" as "old_login_path"
    And I store the response field "step_up.stategy" as "old_strategy"
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"ui_extension": {"login_path": "/both-${unique}"}, "step_up": {"stategy": "STRONGEST_AVAILABLE"}}
      """
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response field "login_path" should be "/both-${unique}"
    When I send a GET request to "/api/v2/config/step-up"
    Then the response field "stategy" should be "STRONGEST_AVAILABLE"
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"ui_extension": {"login_path": "${old_login_path}"}, "step_up": {"stategy": "${old_strategy}"}}
      """
    Then the response status should be 204

  Scenario: the login methods are readable
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/login-methods"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "login_methods" should exist

  @emulator
  Scenario: the default tenant's units hold the seeded values
    Given I am authenticated as the client
    When I send a POST request to "/_emulator/reset?tenant=default"
    Then the response status should be 200
    When I send a GET request to "/api/v2/config/login-methods"
    Then the response status should be 200
    And the response field "login_methods" should have 3 items
    And the response field "login_methods[0].type" should be "USERNAME_AND_PASSWORD"
    And the response field "login_methods[1].facebook_attributes.clientId" should be "idemu-facebook-app"
    And the response field "mobile_login.authentication_type" should be "OTP"
    When I send a GET request to "/api/v2/config/step-up"
    Then the response field "stategy" should be "USER_PREFERENCE"
    And the response field "authentication_methods.pin_authentication_level" should be the number 3
    When I send a GET request to "/api/v2/attributes"
    Then the response field "person_creation_mandatory_fields.first_name_required" should be true
    When I send a GET request to "/api/v2/config/features"
    Then the response field "action_token.app_to_web.ttl" should be the number 60
    And the response field "person_activation.type" should be "EMAIL"

  @emulator
  Scenario: the whole-configuration POST replaces the login methods, gives each an id and keeps the rest
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "lm-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "lm-${unique}"
    And I use basic credentials "u" and "s"
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"login_methods": {"login_methods": [
        {"type": "OPEN_ID_CONNECT", "name": "Partner OIDC", "authentication_level": 2,
         "open_id_connect_attributes": {"client_id": "partner", "client_authentication_method": "PRIVATE_KEY_JWT",
           "scopes": ["openid", "email"]},
         "ladp_attributes": {"base_suffix": "dc=example,dc=test"},
         "saml_mutual_ssl_tls_attributes": {"client_key_pair_id": "kp-1"}}],
        "mobile_login": {"enabled": true}}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/login-methods"
    Then the response status should be 200
    And the response field "login_methods" should have 1 item
    And the response field "login_methods[0].id" should match "^[0-9a-f-]{36}$"
    And the response field "login_methods[0].open_id_connect_attributes.client_authentication_method" should be "PRIVATE_KEY_JWT"
    And the response field "login_methods[0].ladp_attributes.base_suffix" should be "dc=example,dc=test"
    And the response field "login_methods[0].saml_mutual_ssl_tls_attributes.client_key_pair_id" should be "kp-1"
    And the response field "mobile_login.enabled" should be true
    And the response field "mobile_login.allowed_login_attempts" should be the number 5
    And I store the response field "login_methods[0].id" as "method_id"
    When I send a GET request to "/api/config/identity-providers"
    Then the response field "result[0].id" should be "${method_id}"
    And the response field "result[0].type" should be "open_id_connect"

  @emulator
  Scenario: two login methods with one id are refused and nothing changes
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "dup-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "dup-${unique}"
    And I use basic credentials "u" and "s"
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"ui_extension": {"login_path": "/changed"},
       "login_methods": {"login_methods": [{"id": "same", "type": "GOOGLE"}, {"id": "same", "type": "FACEBOOK"}]}}
      """
    Then the response status should be 400
    And the response body should be empty
    When I send a GET request to "/api/v2/config/login-methods"
    Then the response field "login_methods" should have 3 items
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response field "login_path" should be "/login"
