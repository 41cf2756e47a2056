Feature: Cloud Directory configuration
  Email templates per language, sender details, action URLs, the password rule,
  the email dispatcher and its tests, the SMS dispatcher test and advanced password
  management. Messages "sent" by the tests land in idemu's outbox.

  Background:
    Given I am authenticated as the client

  Scenario: an email template is App ID's default until customised, then reads back
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/languages" with JSON:
      """
      {"languages": ["en", "de"]}
      """
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de"
    Then the response status should be 200
    And the response field "subject" should exist
    And the response field "base64_encoded_html_body" should exist
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de" with JSON:
      """
      {"subject": "Willkommen ${unique}", "html_body": "<p>Hallo %{user.displayName}</p>", "plain_text_body": "Hallo"}
      """
    Then the response status should be 201
    And the response field "subject" should be "Willkommen ${unique}"
    And the response field "base64_encoded_html_body" should be "PHA+SGFsbG8gJXt1c2VyLmRpc3BsYXlOYW1lfTwvcD4="
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de" with JSON:
      """
      {"subject": "Willkommen!", "base64_encoded_html_body": "PHA+SGk8L3A+"}
      """
    Then the response status should be 200
    And the response field "html_body" should be "<p>Hi</p>"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de"
    Then the response field "subject" should be "Willkommen!"
    When I send a DELETE request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de"
    Then the response status should be 204
    When I send a DELETE request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/de"
    Then the response status should be 404
    And the response field "code" should be "NOT_FOUND"
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/languages" with JSON:
      """
      {"languages": ["en"]}
      """
    Then the response status should be 204

  Scenario: a template update can ask for a minimal answer
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/templates/MFA_VERIFICATION/en" with JSON:
      """
      {"subject": "Your code", "plain_text_body": "Code: %{mfa.code}"}
      """
    Then the response status should be 201
    Given I set the request header "Prefer" to "return=minimal"
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/templates/MFA_VERIFICATION/en" with JSON:
      """
      {"subject": "Your code ${unique}", "plain_text_body": "Code: %{mfa.code}"}
      """
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/templates/MFA_VERIFICATION/en"
    Then the response field "subject" should be "Your code ${unique}"
    When I send a DELETE request to "/management/v4/${tenantId}/config/cloud_directory/templates/MFA_VERIFICATION/en"
    Then the response status should be 204

  Scenario Outline: templates refuse <case> with 400
    When I send a <method> request to "/management/v4/${tenantId}/config/cloud_directory/templates/<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                        | method | path             | body                                        |
      | a language not configured   | PUT    | WELCOME/xx       | {"subject": "x", "html_body": "y"}          |
      | an unknown template         | PUT    | GOODBYE/en       | {"subject": "x", "html_body": "y"}          |
      | a missing subject           | PUT    | WELCOME/en       | {"html_body": "y"}                          |
      | no body text at all         | PUT    | WELCOME/en       | {"subject": "x"}                            |
      | body text that is not base64 | PUT   | WELCOME/en       | {"subject": "x", "base64_encoded_html_body": "%%%"} |
      | a language not configured   | DELETE | RESET_PASSWORD/xx | {}                                         |

  Scenario: getting a template in a language not configured is 400
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/templates/WELCOME/xx"
    Then the response status should be 400

  @emulator
  Scenario: sender details default, round-trip and validate
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/sender_details"
    Then the response status should be 200
    And the response field "senderDetails.from.email" should exist
    And the response field "senderDetails.linkExpirationSec" should be the number 86400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/sender_details" with JSON:
      """
      {"senderDetails": {"from": {"name": "Acme", "email": "noreply@acme.test"}, "reply_to": {"name": "Help", "email": "help@acme.test"}, "linkExpirationSec": 3600}}
      """
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/sender_details"
    Then the response field "senderDetails.from.email" should be "noreply@acme.test"
    And the response field "senderDetails.reply_to.name" should be "Help"
    And the response field "senderDetails.linkExpirationSec" should be the number 3600
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/sender_details" with JSON:
      """
      {"senderDetails": {"from": {"email": "not an email"}}}
      """
    Then the response status should be 400

  @emulator
  Scenario: an action URL is set, read, deleted, and deleting it again is 404
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified"
    Then the response status should be 200
    And the response field "actionUrl" should be ""
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified" with JSON:
      """
      {"actionUrl": "https://app.example.test/verified"}
      """
    Then the response status should be 200
    And the response field "actionUrl" should be "https://app.example.test/verified"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified"
    Then the response field "actionUrl" should be "https://app.example.test/verified"
    When I send a DELETE request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified"
    Then the response status should be 204
    When I send a DELETE request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified"
    Then the response status should be 404

  Scenario Outline: action URLs refuse <case> with 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/action_url/<action>" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | case                | action           | body                                 |
      | an unknown action   | on_sign_up       | {"actionUrl": "https://a.test/x"}    |
      | a URL that is not   | on_reset_password | {"actionUrl": "not a url"}          |
      | a missing actionUrl | on_reset_password | {}                                  |

  @emulator
  Scenario: the password rule is stored in both forms and applies to new passwords
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/password_regex"
    Then the response status should be 200
    And the response field "regex" should be ""
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/password_regex" with JSON:
      """
      {"regex": "^(?=.*[0-9])(?=.*[A-Z]).{10,}$", "error_message": "10 characters, a digit and a capital"}
      """
    Then the response status should be 200
    And the response field "base64_encoded_regex" should be "Xig/PS4qWzAtOV0pKD89LipbQS1aXSkuezEwLH0k"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "weak-${unique}@example.test"}], "password": "weakpassword"}
      """
    Then the response status should be 400
    And the response field "scimType" should be "invalidValue"
    And the response field "detail" should be "10 characters, a digit and a capital"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "strong-${unique}@example.test"}], "password": "Strongpassword1"}
      """
    Then the response status should be 201
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/password_regex" with JSON:
      """
      {"base64_encoded_regex": "Xi57OCx9JA==", "error_message": "8 or more"}
      """
    Then the response status should be 200
    And the response field "regex" should be "^.{8,}$"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/password_regex"
    Then the response field "error_message" should be "8 or more"

  Scenario Outline: the password rule refuses <case> with 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/password_regex" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                   | body                                 |
      | a regex that is broken | {"regex": "^(unclosed"}              |
      | base64 that is not     | {"base64_encoded_regex": "%%%"}      |

  @emulator
  Scenario: the email dispatcher defaults to App ID's, round-trips and sends its test to the outbox
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/email_dispatcher"
    Then the response status should be 200
    And the response field "provider" should be "appid"
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/email_dispatcher" with JSON:
      """
      {"provider": "custom", "custom": {"url": "https://mailer.example.test/send", "authorization": {"type": "basic", "username": "u", "password": "p"}}}
      """
    Then the response status should be 200
    And the response field "custom.authorization.type" should be "basic"
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/email_dispatcher"
    Then the response field "custom.url" should be "https://mailer.example.test/send"
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/email_dispatcher/test" with JSON:
      """
      {"email": "test-${unique}@example.test"}
      """
    Then the response status should be 200
    And the response field "statusCode" should be the number 200
    And the outbox should have a message to "test-${unique}@example.test" with purpose "email-dispatcher-test"

  @emulator
  Scenario: email settings are tested without being saved
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/email_settings/test" with JSON:
      """
      {"emailTo": "settings-${unique}@example.test", "emailSettings": {"provider": "sendgrid", "sendgrid": {"apiKey": "SG.key"}},
       "senderDetails": {"from": {"email": "noreply@acme.test", "name": "Acme"}, "reply_to": {"email": "help@acme.test"}}}
      """
    Then the response status should be 200
    And the response field "success" should be true
    And the response field "dispatcherStatusCode" should be the number 202
    And the outbox should have a message to "settings-${unique}@example.test" with purpose "email-settings-test"

  Scenario Outline: email dispatch refuses <case> with 400
    When I send a <method> request to "/management/v4/${tenantId}/config/cloud_directory/<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | case                           | method | path                   | body                                                     |
      | sendgrid without its key       | PUT    | email_dispatcher       | {"provider": "sendgrid"}                                 |
      | an unknown provider            | PUT    | email_dispatcher       | {"provider": "pigeon"}                                   |
      | custom without authorization   | PUT    | email_dispatcher       | {"provider": "custom", "custom": {"url": "https://m.test"}} |
      | a test to no address           | POST   | email_dispatcher/test  | {"email": "nobody"}                                      |
      | settings without sender        | POST   | email_settings/test    | {"emailTo": "a@example.test", "emailSettings": {"provider": "sendgrid", "sendgrid": {"apiKey": "k"}}} |
      | custom settings without custom | POST   | email_settings/test    | {"emailTo": "a@example.test", "emailSettings": {"provider": "custom"}, "senderDetails": {"from": {"email": "n@acme.test"}}} |

  @emulator
  Scenario: the SMS dispatcher test needs the SMS channel, then sends a code
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/sms_dispatcher/test" with JSON:
      """
      {"phone_number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 400
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/mfa/channels/nexmo" with JSON:
      """
      {"isActive": true, "config": {"key": "nexmo-key", "secret": "nexmo-secret", "from": "+15550100000"}}
      """
    Then the response status should be 200
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/sms_dispatcher/test" with JSON:
      """
      {"phone_number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 200
    And the response field "phoneNumber" should be "+1555${uniqueDigits}"
    And the response field "confirmationCode" should match "^[0-9]{6}$"
    And the outbox should have a message to "+1555${uniqueDigits}" with purpose "sms-dispatcher-test"

  Scenario: the SMS dispatcher test refuses a number that is not one
    When I send a POST request to "/management/v4/${tenantId}/config/cloud_directory/sms_dispatcher/test" with JSON:
      """
      {"phone_number": "call me"}
      """
    Then the response status should be 400

  @emulator
  Scenario: advanced password management defaults, round-trips and enforces reuse and username rules
    Given a fresh App ID tenant
    When I send a GET request to "/management/v4/${tenantId}/config/cloud_directory/advanced_password_management"
    Then the response status should be 200
    And the response field "advancedPasswordManagement.enabled" should be false
    And the response field "advancedPasswordManagement.passwordReuse.config.maxPasswordReuse" should be the number 8
    And the response field "advancedPasswordManagement.passwordExpiration.config.daysToExpire" should be the number 30
    And the response field "advancedPasswordManagement.lockOutPolicy.config.lockOutTimeSec" should be the number 1800
    And the response field "advancedPasswordManagement.lockOutPolicy.config.numOfAttempts" should be the number 3
    And the response field "advancedPasswordManagement.minPasswordChangeInterval.config.minHoursToChangePassword" should be the number 0
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/advanced_password_management" with JSON:
      """
      {"advancedPasswordManagement": {"enabled": true,
        "passwordReuse": {"enabled": true, "config": {"maxPasswordReuse": 2}},
        "preventPasswordWithUsername": {"enabled": true},
        "passwordExpiration": {"enabled": false, "config": {"daysToExpire": 30}},
        "lockOutPolicy": {"enabled": false, "config": {"lockOutTimeSec": 1800, "numOfAttempts": 3}},
        "minPasswordChangeInterval": {"enabled": false, "config": {"minHoursToChangePassword": 0}}}}
      """
    Then the response status should be 200
    And the response field "advancedPasswordManagement.passwordReuse.config.maxPasswordReuse" should be the number 2
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "apm-${unique}@example.test"}], "userName": "apm${unique}", "password": "xx-apm${unique}-xx"}
      """
    Then the response status should be 400
    And the response field "scimType" should be "invalidValue"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "apm-${unique}@example.test"}], "userName": "apm${unique}", "password": "First-pass-1"}
      """
    Then the response status should be 201
    And I store the response field "id" as "user"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/change_password" with JSON:
      """
      {"uuid": "${user}", "newPassword": "First-pass-1"}
      """
    Then the response status should be 400
    And the response field "scimType" should be "invalidValue"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/change_password" with JSON:
      """
      {"uuid": "${user}", "newPassword": "Second-pass-2"}
      """
    Then the response status should be 200

  Scenario: advanced password management refuses a configuration without its parts
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/advanced_password_management" with JSON:
      """
      {"advancedPasswordManagement": {"enabled": true}}
      """
    Then the response status should be 400
