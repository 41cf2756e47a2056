@emulator
Feature: The Configuration API switch
  The features unit's configuration_api_enabled switches the whole API. While it is
  false, v1 operations answer 500 and v2 operations 409, with empty bodies, after the
  credentials are checked. Switching it off through the API locks the API out; the
  emulator's admin API (a seed with the setting, or a reset) turns it back on.

  Background:
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}",
        "clients": [{"id": "config-user", "secret": "config-secret", "attributes": {"roles": ["configuration_rest"]}}],
        "settings": {"configuration_api_enabled": false}}]}
      """
    Then the response status should be 200
    Given I use the tenant "off-${unique}"
    And I use basic credentials "config-user" and "config-secret"

  Scenario Outline: <operation> answers <status> with an empty body while the API is off
    When I send a <method> request to "<path>"
    Then the response status should be <status>
    And the response body should be empty

    Examples:
      | operation                  | method | path                                                            | status |
      | getConfiguration           | GET    | /api/config                                                     | 500    |
      | reloadExtension            | POST   | /api/config/extension/reload                                    | 500    |
      | getIdentityProviders       | GET    | /api/config/identity-providers                                  | 500    |
      | getAttributes              | GET    | /api/v2/attributes                                              | 409    |
      | updateAttributes           | POST   | /api/v2/attributes                                              | 409    |
      | getCIMConfiguration        | GET    | /api/v2/config                                                  | 409    |
      | updateCIMConfiguration     | POST   | /api/v2/config                                                  | 409    |
      | getCustomMessages          | GET    | /api/v2/config/custom-messages                                  | 409    |
      | updateCustomMessages       | PUT    | /api/v2/config/custom-messages                                  | 409    |
      | updateLocaleCustomMessages | PUT    | /api/v2/config/custom-messages/nl/batch                         | 409    |
      | deleteCustomMessage        | DELETE | /api/v2/config/custom-messages/nl/personal.general.next         | 409    |
      | getFeatures                | GET    | /api/v2/config/features                                         | 409    |
      | updateFeatures             | POST   | /api/v2/config/features                                         | 409    |
      | getWhitelistedUrls         | GET    | /api/v2/config/features/action-token/whitelisted-urls           | 409    |
      | addWhitelistedUrl          | POST   | /api/v2/config/features/action-token/whitelisted-urls           | 409    |
      | deleteWhitelistedUrl       | DELETE | /api/v2/config/features/action-token/whitelisted-urls/${unique} | 409    |
      | getLoginMethods            | GET    | /api/v2/config/login-methods                                    | 409    |
      | getStepUp                  | GET    | /api/v2/config/step-up                                          | 409    |
      | updateStepUp               | POST   | /api/v2/config/step-up                                          | 409    |
      | getUIExtension             | GET    | /api/v2/config/ui-extension                                     | 409    |
      | updateUIExtension          | POST   | /api/v2/config/ui-extension                                     | 409    |

  Scenario: credentials are still checked first while the API is off
    Given I use basic credentials "config-user" and "wrong"
    When I send a GET request to "/api/v2/config"
    Then the response status should be 401
    When I send a GET request to "/api/config"
    Then the response status should be 401

  Scenario: a write while the API is off changes nothing
    When I send a POST request to "/api/v2/config/ui-extension" with JSON:
      """
      {"login_path": "/while-off"}
      """
    Then the response status should be 409
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}", "settings": {"configuration_api_enabled": true}}]}
      """
    Then the response status should be 200
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response status should be 200
    And the response field "login_path" should be "/login"

  Scenario: a seed with the setting switches the API back on
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}", "settings": {"configuration_api_enabled": true}}]}
      """
    Then the response status should be 200
    When I send a GET request to "/api/config"
    Then the response status should be 200
    When I send a GET request to "/api/v2/config/features"
    Then the response status should be 200
    And the response field "configuration_api_enabled" should be true

  Scenario: switching the API off through the features unit locks it until the admin API turns it on
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}", "settings": {"configuration_api_enabled": true}}]}
      """
    Then the response status should be 200
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"configuration_api_enabled": false}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/features"
    Then the response status should be 409
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"configuration_api_enabled": true}
      """
    Then the response status should be 409
    When I send a GET request to "/api/config/identity-providers"
    Then the response status should be 500
    And the response body should be empty
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}", "settings": {"features": {"configuration_api_enabled": true}}}]}
      """
    Then the response status should be 200
    When I send a GET request to "/api/v2/config/features"
    Then the response status should be 200

  Scenario: the whole-configuration update can switch the API off too
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "off-${unique}", "settings": {"configuration_api_enabled": true}}]}
      """
    Then the response status should be 200
    When I send a POST request to "/api/v2/config" with JSON:
      """
      {"features": {"configuration_api_enabled": false}, "ui_extension": {"login_path": "/locked"}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response status should be 409

  Scenario: a reset of the default tenant turns its API back on
    Given I am authenticated as the client
    And I use the tenant "default"
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"configuration_api_enabled": false}
      """
    Then the response status should be 204
    When I send a GET request to "/api/config"
    Then the response status should be 500
    When I send a POST request to "/_emulator/reset?tenant=default"
    Then the response status should be 200
    When I send a GET request to "/api/config"
    Then the response status should be 200
