Feature: Cloud Directory self-service flows
  Sign-up, email verification, forgot password, change password and resending
  notifications, the way a custom sign-in UI drives them. Each email lands in idemu's
  outbox with its link; the link's context is the message's code, and the
  confirmation_result operations answer what a context stands for.

  Background:
    Given I am authenticated as the client

  Scenario: a sign-up is PENDING until its email is verified
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=true&language=en" with JSON:
      """
      {"emails": [{"value": "su-${unique}@example.test", "primary": true}], "password": "Signup-password-1", "displayName": "Sue"}
      """
    Then the response status should be 201
    And the response field "status" should be "PENDING"
    And the response field "displayName" should be "Sue"

  Scenario: a sign-up of an email that exists is 409 uniqueness
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "twice-${unique}@example.test"}], "password": "Twice-password-1"}
      """
    Then the response status should be 201
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "twice-${unique}@example.test"}], "password": "Twice-password-1"}
      """
    Then the response status should be 409
    And the response field "scimType" should be "uniqueness"

  Scenario Outline: a sign-up with <case> is a SCIM 400
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up<query>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

    Examples:
      | case                        | query                          | body                                                            |
      | shouldCreateProfile missing |                                | {"emails": [{"value": "x-${unique}@example.test"}], "password": "X-password-1"} |
      | a language that is no tag   | ?shouldCreateProfile=true&language=en_US!  | {"emails": [{"value": "x-${unique}@example.test"}], "password": "X-password-1"} |
      | no password                 | ?shouldCreateProfile=true      | {"emails": [{"value": "x-${unique}@example.test"}]}             |

  @emulator
  Scenario: verification, then welcome: the context confirms the user
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=true" with JSON:
      """
      {"emails": [{"value": "verify-${unique}@example.test"}], "password": "Verify-password-1"}
      """
    Then the response status should be 201
    And I store the response field "id" as "user"
    And the outbox should have a message to "verify-${unique}@example.test" with purpose "user-verification"
    And I store the code of that message as "context"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up/confirmation_result" with JSON:
      """
      {"context": "${context}"}
      """
    Then the response status should be 200
    And the response field "success" should be true
    And the response field "uuid" should be "${user}"
    And the outbox should have a message to "verify-${unique}@example.test" with purpose "welcome"
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response field "status" should be "CONFIRMED"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/resend/USER_VERIFICATION" with JSON:
      """
      {"uuid": "${user}"}
      """
    Then the response status should be 409
    And the response field "detail" should be "User account already confirmed"

  @emulator
  Scenario: the verification link leads to the tenant's action URL with the context
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/action_url/on_user_verified" with JSON:
      """
      {"actionUrl": "https://app.example.test/verified?from=appid"}
      """
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "link-${unique}@example.test"}], "password": "Link-password-1"}
      """
    Then the outbox should have a message to "link-${unique}@example.test" with purpose "user-verification"
    And the link of that message should start with "https://app.example.test/verified?from=appid&context="
    And I store the code of that message as "context"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up/confirmation_result" with JSON:
      """
      {"context": "${context}"}
      """
    Then the response field "success" should be true

  @emulator
  Scenario: an expired link answers GONE
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "late-${unique}@example.test"}], "password": "Late-password-1"}
      """
    Then the outbox should have a message to "late-${unique}@example.test" with purpose "user-verification"
    And I store the code of that message as "context"
    When I advance the clock by "25h"
    And I am authenticated with the IAM API key "${apikey}"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up/confirmation_result" with JSON:
      """
      {"context": "${context}"}
      """
    Then the response status should be 200
    And the response field "success" should be false
    And the response field "error.code" should be "GONE"

  Scenario Outline: a context that does not exist is a SCIM 404 (<operation>)
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/<path>/confirmation_result" with JSON:
      """
      {"context": "no-such-context-${unique}"}
      """
    Then the response status should be 404
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

    Examples:
      | operation              | path            |
      | userVerificationResult | sign_up         |
      | forgotPasswordResult   | forgot_password |

  Scenario: a confirmation result without a context is 400
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up/confirmation_result" with JSON:
      """
      {}
      """
    Then the response status should be 400

  @emulator
  Scenario: forgot password, reset result, change password, and the password-changed email
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "forgot-${unique}@example.test"}], "password": "Forgot-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/forgot_password?language=en" with JSON:
      """
      {"user": "forgot-${unique}@example.test"}
      """
    Then the response status should be 200
    And the response field "id" should be "${user}"
    And the outbox should have a message to "forgot-${unique}@example.test" with purpose "reset-password"
    And I store the code of that message as "context"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/forgot_password/confirmation_result" with JSON:
      """
      {"context": "${context}"}
      """
    Then the response status should be 200
    And the response field "success" should be true
    And the response field "uuid" should be "${user}"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/change_password" with JSON:
      """
      {"uuid": "${user}", "newPassword": "Changed-password-2", "changedIpAddress": "203.0.113.7"}
      """
    Then the response status should be 200
    And the response field "id" should be "${user}"
    And the outbox should have a message to "forgot-${unique}@example.test" with purpose "password-changed"

  Scenario: forgot password for a user that does not exist is a SCIM 404
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/forgot_password" with JSON:
      """
      {"user": "nobody-${unique}@example.test"}
      """
    Then the response status should be 404
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

  Scenario: forgot password for a user not verified yet is 409
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "unverified-${unique}@example.test"}], "password": "Unverified-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/forgot_password" with JSON:
      """
      {"user": "unverified-${unique}@example.test"}
      """
    Then the response status should be 409
    And the response field "detail" should be "User account not verified"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/resend/RESET_PASSWORD" with JSON:
      """
      {"uuid": "${user}"}
      """
    Then the response status should be 409
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/resend/USER_VERIFICATION?language=en" with JSON:
      """
      {"uuid": "${user}"}
      """
    Then the response status should be 202
    And the response field "message" should exist

  Scenario Outline: resending <template> to a confirmed user is 202
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "resend-${unique}@example.test"}], "password": "Resend-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/resend/<template>" with JSON:
      """
      {"uuid": "${user}"}
      """
    Then the response status should be 202

    Examples:
      | template         |
      | WELCOME          |
      | RESET_PASSWORD   |
      | PASSWORD_CHANGED |

  Scenario Outline: <operation> refuses <case>
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/<path>" with JSON:
      """
      <body>
      """
    Then the response status should be <status>
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

    Examples:
      | operation          | case                   | path                 | body                                              | status |
      | resendNotification | an unknown template    | resend/GOODBYE       | {"uuid": "x"}                                     | 400    |
      | resendNotification | a user that is missing | resend/WELCOME       | {"uuid": "ghost-${unique}"}                       | 404    |
      | resendNotification | a missing uuid         | resend/WELCOME       | {}                                                | 400    |
      | changePassword     | a user that is missing | change_password      | {"uuid": "ghost-${unique}", "newPassword": "New-password-1"} | 404 |
      | changePassword     | a missing newPassword  | change_password      | {"uuid": "ghost-${unique}"}                       | 400    |
      | startForgotPassword | a missing user        | forgot_password      | {}                                                | 400    |
