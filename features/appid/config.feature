Feature: Tenant configuration: tokens, redirect URIs, profiles, login widget, audit
  Each configuration has App ID's default in a new tenant, and reads back what was
  set. Setting the token configuration resets every token object the request leaves
  out. The login widget's logo is a JPG or PNG under 100 kB.

  Background:
    Given I am authenticated as the client

  @emulator
  Scenario: a new tenant answers App ID's defaults
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/tokens"
    Then the response status should be 200
    And the response field "access.expires_in" should be the number 3600
    And the response field "refresh.enabled" should be false
    And the response field "refresh.expires_in" should be the number 2592000
    And the response field "anonymousAccess.enabled" should be true
    And the response field "anonymousAccess.expires_in" should be the number 2592000
    When I send a GET request to "/management/v4/${tenantId}/config/redirect_uris"
    Then the response field "redirectUris" should have 0 items
    When I send a GET request to "/management/v4/${tenantId}/config/users_profile"
    Then the response field "isActive" should be true
    When I send a GET request to "/management/v4/${tenantId}/config/ui/theme_text"
    Then the response field "tabTitle" should be "Login"
    And the response field "footnote" should be "Powered by App ID"
    When I send a GET request to "/management/v4/${tenantId}/config/ui/theme_color"
    Then the response field "headerColor" should match "^#[0-9A-F]{6}$"
    When I send a GET request to "/management/v4/${tenantId}/config/ui/media"
    Then the response field "image" should be null
    When I send a GET request to "/management/v4/${tenantId}/config/ui/languages"
    Then the response field "languages" should have 1 item
    And the response field "languages[0]" should be "en"
    When I send a GET request to "/management/v4/${tenantId}/config/capture_runtime_activity"
    Then the response field "isActive" should be false

  @emulator
  Scenario: the token configuration round-trips, and what a PUT leaves out is reset
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/tokens" with JSON:
      """
      {"access": {"expires_in": 900}, "refresh": {"enabled": true, "expires_in": 86400},
       "anonymousAccess": {"enabled": false, "expires_in": 3600},
       "idTokenClaims": [{"source": "attributes", "sourceClaim": "plan"}],
       "accessTokenClaims": [{"source": "roles", "destinationClaim": "roles"}]}
      """
    Then the response status should be 200
    And the response field "access.expires_in" should be the number 900
    When I send a GET request to "/management/v4/${tenantId}/config/tokens"
    Then the response field "refresh.enabled" should be true
    And the response field "anonymousAccess.enabled" should be false
    And the response field "idTokenClaims[0].sourceClaim" should be "plan"
    And the response field "accessTokenClaims[0].source" should be "roles"
    When I send a PUT request to "/management/v4/${tenantId}/config/tokens" with JSON:
      """
      {"access": {"expires_in": 1200}}
      """
    Then the response status should be 200
    And the response field "access.expires_in" should be the number 1200
    And the response field "refresh.enabled" should be false
    And the response field "anonymousAccess.enabled" should be true
    And the response field "idTokenClaims" should have 0 items

  Scenario Outline: an invalid <config> is 400: <case>
    When I send a PUT request to "/management/v4/${tenantId}/config/<config>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | config                   | case                          | body                                               |
      | tokens                   | a negative lifetime           | {"access": {"expires_in": -1}}                     |
      | tokens                   | an unknown claim source       | {"idTokenClaims": [{"source": "myspace"}]}         |
      | redirect_uris            | a redirect URI that is no URL | {"redirectUris": ["not a url"]}                    |
      | users_profile            | isActive missing              | {}                                                 |
      | ui/theme_color           | a color that is not #RRGGBB   | {"headerColor": "blue"}                            |
      | ui/theme_text            | a title that is not text      | {"tabTitle": 7}                                    |
      | ui/languages             | a language that is no tag     | {"languages": ["english language"]}                |
      | ui/languages             | no language                   | {"languages": []}                                  |
      | capture_runtime_activity | isActive that is not boolean  | {"isActive": "yes"}                                |

  Scenario: redirect URIs round-trip
    When I send a PUT request to "/management/v4/${tenantId}/config/redirect_uris" with JSON:
      """
      {"redirectUris": ["https://app.example.test/cb", "https://app.example.test/*"], "trustCloudIAMRedirectUris": true}
      """
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/management/v4/${tenantId}/config/redirect_uris"
    Then the response status should be 200
    And the response field "redirectUris" should have 2 items
    And the response field "redirectUris[1]" should be "https://app.example.test/*"
    And the response field "trustCloudIAMRedirectUris" should be true

  Scenario Outline: <config> round-trips
    When I send a PUT request to "/management/v4/${tenantId}/config/<config>" with JSON:
      """
      <body>
      """
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/config/<config>"
    Then the response status should be 200
    And the response field "<field>" should be <value>
    When I send a PUT request to "/management/v4/${tenantId}/config/<config>" with JSON:
      """
      <restore>
      """
    Then the response status should be 204

    Examples:
      | config                   | body                                                 | field       | value              | restore                                               |
      | users_profile            | {"isActive": false}                                  | isActive    | false              | {"isActive": true}                                    |
      | ui/theme_color           | {"headerColor": "#123ABC"}                           | headerColor | "#123ABC"          | {"headerColor": "#EEF2F5"}                            |
      | ui/theme_text            | {"tabTitle": "Sign in ${unique}", "footnote": "Acme"} | tabTitle    | "Sign in ${unique}" | {"tabTitle": "Login", "footnote": "Powered by App ID"} |
      | ui/languages             | {"languages": ["en", "fr", "es-ES"]}                 | languages[2] | "es-ES"           | {"languages": ["en"]}                                 |
      | capture_runtime_activity | {"isActive": true}                                   | isActive    | true               | {"isActive": false}                                   |

  Scenario: a theme text PUT with one field keeps the other
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/theme_text" with JSON:
      """
      {"tabTitle": "Welcome ${unique}"}
      """
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/config/ui/theme_text"
    Then the response field "tabTitle" should be "Welcome ${unique}"
    And the response field "footnote" should exist
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/theme_text" with JSON:
      """
      {"tabTitle": "Login", "footnote": "Powered by App ID"}
      """
    Then the response status should be 204

  Scenario Outline: a <kind> logo of <size> bytes is taken
    When I upload a <kind> file of <size> bytes to "/management/v4/${tenantId}/config/ui/media?mediaType=logo"
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/config/ui/media"
    Then the response status should be 200
    And the response field "image" should match "^data:image/<mime>;base64,"

    Examples:
      | kind | size  | mime |
      | PNG  | 2048  | png  |
      | JPEG | 90000 | jpeg |

  Scenario Outline: a logo that is <case> is 400
    When I upload a <kind> file of <size> bytes to "/management/v4/${tenantId}/config/ui/media?mediaType=logo"
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                 | kind | size   |
      | over 100 kB          | PNG  | 102401 |
      | a GIF                | GIF  | 1024   |
      | not an image         | text | 1024   |

  Scenario: a logo upload needs mediaType=logo
    When I upload a PNG file of 1024 bytes to "/management/v4/${tenantId}/config/ui/media?mediaType=banner"
    Then the response status should be 400
    When I upload a PNG file of 1024 bytes to "/management/v4/${tenantId}/config/ui/media"
    Then the response status should be 400
