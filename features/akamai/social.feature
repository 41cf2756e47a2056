@emulator
Feature: Social Login API and custom providers
  The Social Login API (https://{app}.rpxnow.com/api/v2) takes the app's rpx_key as its
  apiKey and answers {"stat":"fail","err":{...}} with HTTP 400. idemu has no identity
  provider behind it: a provider's token is the identity itself, as JSON. Custom
  providers (/{customerId}/v2/config/low/services/engage-v2/apps/{appId}/custom-providers)
  join the app's providers.

  Background:
    When I call "/settings/get_default" with:
      | key | rpx_key |
    And I store the response field "result" as "api_key"

  Scenario: providers, a Social Login token, its profile and its mapping
    When I send a POST request to "/api/v2/set_auth_providers" with form:
      | apiKey    | wrong    |
      | providers | facebook |
    Then the response status should be 400
    And the response field "stat" should be "fail"
    And the response field "err.code" should be the number 3
    When I send a POST request to "/api/v2/set_auth_providers" with form:
      | apiKey    | ${api_key}       |
      | providers | facebook,twitter |
    Then the response status should be 200
    And the response field "stat" should be "ok"
    When I send a POST request to "/api/v2/providers" with form:
      | device_type | web |
    Then the response field "signin" should have 2 items
    When I send a POST request to "/api/v2/signin/oauth_token" with form:
      | provider | facebook                                                                  |
      | token    | {"identifier":"https://facebook.example/${unique}","email":"fb-${unique}@example.test"} |
    Then the response status should be 200
    And I store the response field "token" as "engage_token"
    When I send a POST request to "/api/v2/map" with form:
      | apiKey     | ${api_key}                          |
      | identifier | https://facebook.example/${unique} |
      | primaryKey | pk-${unique}                        |
    Then the response status should be 200
    When I send a POST request to "/api/v2/auth_info" with form:
      | apiKey | ${api_key}      |
      | token  | ${engage_token} |
    Then the response status should be 200
    And the response field "profile.providerName" should be "facebook"
    And the response field "profile.email" should be "fb-${unique}@example.test"
    And the response field "profile.primaryKey" should be "pk-${unique}"
    When I send a POST request to "/api/v2/unmap" with form:
      | apiKey          | ${api_key}   |
      | primaryKey      | pk-${unique} |
      | all_identifiers | true         |
    Then the response status should be 200
    When I send a POST request to "/api/v2/unmap" with form:
      | apiKey          | ${api_key}   |
      | primaryKey      | pk-${unique} |
      | all_identifiers | true         |
    Then the response status should be 400
    And the response field "err.code" should be the number 2

  Scenario: the domain allowlist and application settings
    When I send a POST request to "/api/v2/set_domain_patterns" with form:
      | apiKey  | ${api_key}                    |
      | domains | *.example.com, localhost      |
    Then the response status should be 200
    When I send a POST request to "/api/v2/add_domain_patterns" with form:
      | apiKey  | ${api_key} |
      | domains | app.test   |
    Then the response status should be 200
    When I send a POST request to "/api/v2/get_domain_patterns" with form:
      | apiKey | ${api_key} |
    Then the response field "domains" should have 3 items
    When I send a POST request to "/api/v2/set_domain_patterns" with form:
      | apiKey  | ${api_key} |
      | domains | null       |
    Then the response status should be 200
    When I send a POST request to "/api/v2/set_app_settings" with form:
      | apiKey        | ${api_key}                |
      | privacyPolicy | https://app.test/privacy  |
    Then the response status should be 200
    When I send a POST request to "/api/v2/get_application_settings" with form:
      | apiKey | ${api_key} |
    Then the response field "privacyPolicy" should be "https://app.test/privacy"
    And the response field "oneTimeUseTokens" should be "false"

  Scenario: a custom provider becomes one of the app's providers
    When I call "/settings/get_default" with:
      | key | customer_id |
    And I store the response field "result" as "customer_id"
    And I use basic credentials "idemu-hl-config" and "idemu-hl-config-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type | client_credentials |
      | scope      | *:**               |
    And I store the response field "access_token" as "admin"
    And I use the access token "${admin}"
    And I send a GET request to "/${customer_id}/v2/config/low/services/engage-v2/apps"
    Then the response status should be 200
    And I store the response field "[0].id" as "social_app"
    When I send a POST request to "/${customer_id}/v2/config/low/services/engage-v2/apps/${social_app}/custom-providers" with JSON:
      """
      {"title": "Acme ${unique}", "protocol": "oauth2", "auth_url": "https://sso.acme.test/authorize"}
      """
    Then the response should be a v1.api error with status 400
    When I send a POST request to "/${customer_id}/v2/config/low/services/engage-v2/apps/${social_app}/custom-providers" with JSON:
      """
      {"title": "Acme ${unique}", "protocol": "oauth2", "auth_url": "https://sso.acme.test/authorize",
       "token_url": "https://sso.acme.test/token", "client_id": "idemu", "client_secret": "secret",
       "attribute_map": {"/email": "/mail"}}
      """
    Then the response status should be 201
    And the response field "id" should be "acme_${unique}"
    When I send a PATCH request to "/${customer_id}/v2/config/low/services/engage-v2/apps/${social_app}/custom-providers/acme_${unique}" with JSON:
      """
      {"ui": {"title": "Sign in with Acme"}}
      """
    Then the response status should be 200
    And the response field "ui.title" should be "Sign in with Acme"
    When I am not authenticated
    And I send a POST request to "/api/v2/set_auth_providers" with form:
      | apiKey    | ${api_key}     |
      | providers | acme_${unique} |
    Then the response status should be 200
    When I send a POST request to "/api/v2/get_available_providers" with form:
      | device_type | web |
    Then the response field "signin[0]" should be "acme_${unique}"
