Feature: Access to the Configuration API
  Every operation takes HTTP Basic credentials of a technical user. Missing or wrong
  credentials are 401 with a Basic challenge, a user without the configuration_rest role
  is 403, both with an empty body and before the request itself is looked at.

  Scenario Outline: <operation> without credentials is 401 with an empty body
    Given I am not authenticated
    When I send a <method> request to "<path>"
    Then the response status should be 401
    And the response body should be empty
    And the response header "WWW-Authenticate" should match "^Basic realm="

    Examples:
      | operation                  | method | path                                                               |
      | getConfiguration           | GET    | /api/config                                                        |
      | reloadExtension            | POST   | /api/config/extension/reload                                       |
      | getIdentityProviders       | GET    | /api/config/identity-providers                                     |
      | getAttributes              | GET    | /api/v2/attributes                                                 |
      | updateAttributes           | POST   | /api/v2/attributes                                                 |
      | getCIMConfiguration        | GET    | /api/v2/config                                                     |
      | updateCIMConfiguration     | POST   | /api/v2/config                                                     |
      | getCustomMessages          | GET    | /api/v2/config/custom-messages                                     |
      | updateCustomMessages       | PUT    | /api/v2/config/custom-messages                                     |
      | updateLocaleCustomMessages | PUT    | /api/v2/config/custom-messages/nl/batch                            |
      | deleteCustomMessage        | DELETE | /api/v2/config/custom-messages/nl/idemu_${unique}                  |
      | getFeatures                | GET    | /api/v2/config/features                                            |
      | updateFeatures             | POST   | /api/v2/config/features                                            |
      | getWhitelistedUrls         | GET    | /api/v2/config/features/action-token/whitelisted-urls              |
      | addWhitelistedUrl          | POST   | /api/v2/config/features/action-token/whitelisted-urls              |
      | deleteWhitelistedUrl       | DELETE | /api/v2/config/features/action-token/whitelisted-urls/${unique}    |
      | getLoginMethods            | GET    | /api/v2/config/login-methods                                       |
      | getStepUp                  | GET    | /api/v2/config/step-up                                             |
      | updateStepUp               | POST   | /api/v2/config/step-up                                             |
      | getUIExtension             | GET    | /api/v2/config/ui-extension                                        |
      | updateUIExtension          | POST   | /api/v2/config/ui-extension                                        |

  Scenario: a wrong password is 401
    Given I use basic credentials "idemu-nobody-${unique}" and "wrong-${unique}"
    When I send a GET request to "/api/v2/config"
    Then the response status should be 401
    And the response body should be empty

  Scenario: credentials are checked before the body, and nothing is written
    Given I am not authenticated
    When I send a POST request to "/api/v2/config/ui-extension" with JSON:
      """
      {"login_path": 42}
      """
    Then the response status should be 401
    When I send a PUT request to "/api/v2/config/custom-messages/nl/batch" with JSON:
      """
      {"idemu_access_probe": "should not be stored"}
      """
    Then the response status should be 401
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response status should be 200
    And the response field "locales.nl.idemu_access_probe" should not exist

  Scenario: the technical user reads the configuration
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"

  @emulator
  Scenario Outline: <operation> as a technical user without the configuration_rest role is 403 with an empty body
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "roles-${unique}", "clients": [
        {"id": "persons-only", "secret": "persons-secret", "attributes": {"roles": ["persons_rest", "events_rest"]}}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "roles-${unique}"
    And I use basic credentials "persons-only" and "persons-secret"
    When I send a <method> request to "<path>"
    Then the response status should be 403
    And the response body should be empty

    Examples:
      | operation                  | method | path                                                            |
      | getConfiguration           | GET    | /api/config                                                     |
      | reloadExtension            | POST   | /api/config/extension/reload                                    |
      | getIdentityProviders       | GET    | /api/config/identity-providers                                  |
      | getAttributes              | GET    | /api/v2/attributes                                              |
      | updateAttributes           | POST   | /api/v2/attributes                                              |
      | getCIMConfiguration        | GET    | /api/v2/config                                                  |
      | updateCIMConfiguration     | POST   | /api/v2/config                                                  |
      | getCustomMessages          | GET    | /api/v2/config/custom-messages                                  |
      | updateCustomMessages       | PUT    | /api/v2/config/custom-messages                                  |
      | updateLocaleCustomMessages | PUT    | /api/v2/config/custom-messages/nl/batch                         |
      | deleteCustomMessage        | DELETE | /api/v2/config/custom-messages/nl/personal.general.next         |
      | getFeatures                | GET    | /api/v2/config/features                                         |
      | updateFeatures             | POST   | /api/v2/config/features                                         |
      | getWhitelistedUrls         | GET    | /api/v2/config/features/action-token/whitelisted-urls           |
      | addWhitelistedUrl          | POST   | /api/v2/config/features/action-token/whitelisted-urls           |
      | deleteWhitelistedUrl       | DELETE | /api/v2/config/features/action-token/whitelisted-urls/${unique} |
      | getLoginMethods            | GET    | /api/v2/config/login-methods                                    |
      | getStepUp                  | GET    | /api/v2/config/step-up                                          |
      | updateStepUp               | POST   | /api/v2/config/step-up                                          |
      | getUIExtension             | GET    | /api/v2/config/ui-extension                                     |
      | updateUIExtension          | POST   | /api/v2/config/ui-extension                                     |

  @emulator
  Scenario: a technical user seeded without roles holds every role, like CIM's general API user
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "general-${unique}", "clients": [{"id": "api-user", "secret": "api-secret"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "general-${unique}"
    And I use basic credentials "api-user" and "api-secret"
    When I send a GET request to "/api/v2/config/step-up"
    Then the response status should be 200

  @emulator
  Scenario: credentials of one tenant do not open another
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "other-${unique}", "clients": [{"id": "other-user", "secret": "other-secret"}]}]}
      """
    Then the response status should be 200
    Given I am authenticated as the client
    And I use the tenant "other-${unique}"
    When I send a GET request to "/api/v2/config"
    Then the response status should be 401
    Given I use the tenant "unseeded-${unique}"
    When I send a GET request to "/api/v2/config"
    Then the response status should be 401
