Feature: MFA, its channels and extensions, single sign-on and rate limits
  MFA is off in a new tenant, with email as its channel. One channel is active at a
  time: switching SMS (Nexmo) on switches email off, and switching it off falls back to
  email. Pre- and post-MFA extensions need a URL to be active or tested.

  @emulator
  Scenario: a new tenant answers App ID's defaults
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa"
    Then the response status should be 200
    And the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels"
    Then the response status should be 200
    And the response field "channels" should have 2 items
    And the response field "channels" should contain an item with "type" equal to "email"
    And the response field "channels" should contain an item with "type" equal to "sms"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/email"
    Then the response field "isActive" should be true
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/nexmo"
    Then the response field "type" should be "sms"
    And the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/premfa"
    Then the response field "isActive" should be false
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/sso"
    Then the response field "isActive" should be false
    And the response field "inactivityTimeoutSeconds" should be the number 86400
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/rate_limit"
    Then the response field "signUpLimitPerMinute" should be the number 50
    And the response field "signInLimitPerMinute" should be the number 60

  @emulator
  Scenario: MFA switches on and off
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa" with JSON:
      """
      {"isActive": true, "config": {}}
      """
    Then the response status should be 200
    And the response field "isActive" should be true
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa"
    Then the response field "isActive" should be true

  @emulator
  Scenario: one MFA channel is active at a time
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/nexmo" with JSON:
      """
      {"isActive": true}
      """
    Then the response status should be 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/nexmo" with JSON:
      """
      {"isActive": true, "config": {"key": "k", "secret": "s", "from": "+15550100000"}}
      """
    Then the response status should be 200
    And the response field "type" should be "sms"
    And the response field "config.provider" should be "nexmo"
    And the response field "config.from" should be "+15550100000"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/email"
    Then the response field "isActive" should be false
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/nexmo" with JSON:
      """
      {"isActive": false}
      """
    Then the response status should be 200
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/email"
    Then the response field "isActive" should be true
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/email" with JSON:
      """
      {"isActive": false}
      """
    Then the response status should be 400

  Scenario Outline: MFA channels refuse <case>
    Given I am authenticated as the client
    When I send a <method> request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/<channel>" with JSON:
      """
      <body>
      """
    Then the response status should be <status>

    Examples:
      | case                          | method | channel  | body                   | status |
      | an unknown channel to update  | PUT    | carrier  | {"isActive": true}     | 404    |
      | an update without isActive    | PUT    | email    | {}                     | 400    |

  Scenario: getting an unknown MFA channel is 400
    Given I am authenticated as the client
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/carrier"
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

  @emulator
  Scenario: an MFA extension is configured, switched and tested
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa/test"
    Then the response status should be 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa/active" with JSON:
      """
      {"isActive": true}
      """
    Then the response status should be 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa" with JSON:
      """
      {"isActive": false, "config": {"url": "https://ext.example.test/postmfa", "headers": {"x-api-key": "k"}}}
      """
    Then the response status should be 200
    And the response field "config.url" should be "https://ext.example.test/postmfa"
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa/active" with JSON:
      """
      {"isActive": true}
      """
    Then the response status should be 200
    And the response field "isActive" should be true
    And the response field "config.url" should be "https://ext.example.test/postmfa"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa"
    Then the response field "isActive" should be true
    And the response field "config.headers.x-api-key" should be "k"
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/postmfa/test"
    Then the response status should be 200
    And the response field "statusCode" should be the number 200

  Scenario Outline: MFA extensions refuse <case> with 400
    Given I am authenticated as the client
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/extensions/<name>" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | case                   | name    | body                                          |
      | an unknown extension   | midmfa  | {"isActive": false}                           |
      | active without a URL   | premfa  | {"isActive": true}                            |
      | a URL that is not one  | premfa  | {"isActive": true, "config": {"url": "nope"}} |

  Scenario Outline: <config> round-trips with 201
    Given I am authenticated as the client
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/<config>" with JSON:
      """
      <body>
      """
    Then the response status should be 201
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/<config>"
    Then the response status should be 200
    And the response field "<field>" should be the number <value>
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/<config>" with JSON:
      """
      <restore>
      """
    Then the response status should be 201

    Examples:
      | config     | body                                                                                             | field                    | value | restore                                                                           |
      | sso        | {"isActive": true, "inactivityTimeoutSeconds": 7200, "logoutRedirectUris": ["https://a.test/bye"]} | inactivityTimeoutSeconds | 7200  | {"isActive": false, "inactivityTimeoutSeconds": 86400, "logoutRedirectUris": []} |
      | rate_limit | {"signUpLimitPerMinute": 5, "signInLimitPerMinute": 7}                                            | signInLimitPerMinute     | 7     | {"signUpLimitPerMinute": 50, "signInLimitPerMinute": 60}                          |

  Scenario Outline: <config> refuses <case> with 400
    Given I am authenticated as the client
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/<config>" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | config     | case                 | body                                                                |
      | sso        | a missing timeout    | {"isActive": true, "logoutRedirectUris": []}                        |
      | sso        | a logout URI that is not | {"isActive": true, "inactivityTimeoutSeconds": 60, "logoutRedirectUris": ["x"]} |
      | rate_limit | a zero limit         | {"signUpLimitPerMinute": 0, "signInLimitPerMinute": 1}              |
      | mfa        | isActive missing     | {"config": {}}                                                      |
