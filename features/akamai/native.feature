@emulator
Feature: OAuth native login and registration
  A login client signs users in and registers them with the forms of a flow. Form
  problems come back as invalid_fields; a login answers the record as capture_user with
  an access token or an authorization code. (Flows and their forms are per-app
  configuration, so these scenarios use the standard flow idemu seeds.)

  Scenario: traditional registration and sign-in
    When I call "/oauth/register_native_traditional" as the login client with:
      | flow                         | standard                    |
      | locale                       | en-US                       |
      | redirect_uri                 | https://app.example.test/cb |
      | form                         | registrationForm            |
      | emailAddress                 | reg-${unique}@example.test  |
      | newPassword                  | Reg-password-1              |
      | newPasswordConfirm           | Reg-password-1              |
      | firstName                    | Reg                         |
      | birthdate[dateselect_year]   | 1991                        |
      | birthdate[dateselect_month]  | 2                           |
      | birthdate[dateselect_day]    | 3                           |
    Then the response should be a Capture success
    And the response field "capture_user.email" should be "reg-${unique}@example.test"
    And the response field "capture_user.birthday" should be "1991-02-03"
    And the response field "access_token" should match "^[a-z0-9]{16}$"
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                       |
      | redirect_uri       | https://app.example.test/cb |
      | form               | signInForm                  |
      | signInEmailAddress | reg-${unique}@example.test  |
      | currentPassword    | Reg-password-1              |
      | response_type      | code_and_token              |
    Then the response should be a Capture success
    And the response field "authorization_code" should match "^[a-z0-9]{14}$"
    And the response field "access_token" should exist
    And the response field "capture_user.lastLogin" should exist

  Scenario: form errors
    When I call "/oauth/register_native_traditional" as the login client with:
      | locale             | en-US                       |
      | redirect_uri       | https://app.example.test/cb |
      | form               | registrationForm            |
      | emailAddress       | not-an-address              |
      | newPassword        | short                       |
      | newPasswordConfirm | different                   |
    Then the response should be the Capture error 390 "invalid_form_fields"
    And the response field "invalid_fields.emailAddress" should have 1 item
    And the response field "invalid_fields.newPassword" should have 1 item
    And the response field "invalid_fields.newPasswordConfirm" should have 1 item
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                        |
      | redirect_uri       | https://app.example.test/cb  |
      | form               | signInForm                   |
      | signInEmailAddress | nobody-${unique}@example.test |
      | currentPassword    | whatever-1                   |
    Then the response should be the Capture error 210 "invalid_credentials"
    And the response field "invalid_fields.signInForm" should have 1 item
    When I call "/oauth/auth_native_traditional" as the login client with:
      | redirect_uri | https://app.example.test/cb |
      | form         | signInForm                  |
    Then the response should be the Capture error 100 "missing_argument"
    And the response field "argument_name" should be "locale"
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale       | en-US                       |
      | redirect_uri | https://app.example.test/cb |
      | form         | noSuchForm                  |
    Then the response should be the Capture error 200 "invalid_argument"

  Scenario: forgotten password: the emailed code becomes a token that sets a new password
    Given I call "/entity.create" with:
      | type_name  | user                                                           |
      | attributes | {"email":"lost-${unique}@example.test","password":"Old-pass-1"} |
    When I call "/oauth/forgot_password_native" as the login client with:
      | locale             | en-US                        |
      | redirect_uri       | https://app.example.test/reset |
      | form               | forgotPasswordForm           |
      | signInEmailAddress | lost-${unique}@example.test  |
    Then the response should be a Capture success
    And the outbox should have a message to "lost-${unique}@example.test" with purpose "password-reset"
    And I store the code of that message as "code"
    When I exchange at "/oauth/token" as the login client with:
      | grant_type   | authorization_code             |
      | code         | ${code}                        |
      | redirect_uri | https://app.example.test/reset |
    Then the response status should be 200
    And I store the response field "access_token" as "token"
    When I call "/oauth/update_profile_native" as the login client with:
      | locale             | en-US                    |
      | form               | changePasswordFormNoAuth |
      | access_token       | ${token}                 |
      | newPassword        | New-pass-2               |
      | newPasswordConfirm | New-pass-2               |
    Then the response should be a Capture success
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                       |
      | redirect_uri       | https://app.example.test/cb |
      | form               | signInForm                  |
      | signInEmailAddress | lost-${unique}@example.test |
      | currentPassword    | New-pass-2                  |
    Then the response should be a Capture success
    When I call "/oauth/forgot_password_native" as the login client with:
      | locale             | en-US                           |
      | redirect_uri       | https://app.example.test/reset  |
      | form               | forgotPasswordForm              |
      | signInEmailAddress | ghost-${unique}@example.test    |
    Then the response should be the Capture error 212 "no_such_account"

  Scenario: resend the verification email
    Given I call "/entity.create" with:
      | type_name  | user                                    |
      | attributes | {"email":"vrfy-${unique}@example.test"} |
    When I call "/oauth/verify_email_native" as the login client with:
      | locale             | en-US                        |
      | redirect_uri       | https://app.example.test/verify |
      | form               | resendVerificationForm       |
      | signInEmailAddress | vrfy-${unique}@example.test  |
    Then the response should be a Capture success
    And the outbox should have a message to "vrfy-${unique}@example.test" with purpose "email-verification"

  Scenario: social login, registration, linking and unlinking
    When I call "/oauth/auth_native" as the login client with:
      | locale            | en-US                                                                                              |
      | redirect_uri      | https://app.example.test/cb                                                                        |
      | token             | {"identifier":"https://idp.example.test/${unique}","domain":"idp.example.test","email":"soc-${unique}@example.test","givenName":"Soc"} |
      | registration_form | socialRegistrationForm                                                                             |
    Then the response should be the Capture error 310 "record_not_found"
    And the response field "prereg_fields.emailAddress" should be "soc-${unique}@example.test"
    When I call "/oauth/register_native" as the login client with:
      | locale       | en-US                                                                                              |
      | redirect_uri | https://app.example.test/cb                                                                        |
      | token        | {"identifier":"https://idp.example.test/${unique}","domain":"idp.example.test","email":"soc-${unique}@example.test","givenName":"Soc"} |
      | form         | socialRegistrationForm                                                                             |
      | emailAddress | soc-${unique}@example.test                                                                         |
      | firstName    | Soc                                                                                                |
    Then the response should be a Capture success
    And the response field "capture_user.profiles[0].domain" should be "idp.example.test"
    And I store the response field "access_token" as "token"
    When I call "/oauth/link_account_native" as the login client with:
      | access_token | ${token}                                                         |
      | redirect_uri | https://app.example.test/cb                                      |
      | token        | {"identifier":"https://other.example.test/${unique}","domain":"other.example.test"} |
    Then the response should be a Capture success
    When I call "/oauth/auth_native" as the login client with:
      | locale       | en-US                                                                               |
      | redirect_uri | https://app.example.test/cb                                                         |
      | token        | {"identifier":"https://other.example.test/${unique}","domain":"other.example.test"} |
    Then the response should be a Capture success
    And the response field "capture_user.email" should be "soc-${unique}@example.test"
    When I call "/oauth/unlink_account_native" as the login client with:
      | access_token         | ${token}                               |
      | identifier_to_remove | https://other.example.test/${unique}   |
    Then the response should be a Capture success
    When I call "/oauth/unlink_account_native" as the login client with:
      | access_token         | ${token}                               |
      | identifier_to_remove | https://other.example.test/${unique}   |
    Then the response should be the Capture error 310 "record_not_found"

  Scenario: a social identity whose address another account uses
    Given I call "/entity.create" with:
      | type_name  | user                                                               |
      | attributes | {"email":"merge-${unique}@example.test","password":"Merge-pass-1"} |
    When I call "/oauth/auth_native" as the login client with:
      | locale       | en-US                                                                                             |
      | redirect_uri | https://app.example.test/cb                                                                       |
      | token        | {"identifier":"https://idp.example.test/m${unique}","domain":"idp.example.test","email":"merge-${unique}@example.test"} |
    Then the response should be the Capture error 380 "email_address_in_use"
    And the response field "existing_provider" should be "capture"
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                                                                                             |
      | redirect_uri       | https://app.example.test/cb                                                                       |
      | form               | signInForm                                                                                        |
      | signInEmailAddress | merge-${unique}@example.test                                                                      |
      | currentPassword    | Merge-pass-1                                                                                      |
      | merge_token        | {"identifier":"https://idp.example.test/m${unique}","domain":"idp.example.test","email":"merge-${unique}@example.test"} |
    Then the response should be a Capture success
    And the response field "capture_user.profiles" should have 1 item

  Scenario: a social-only account has no password to sign in with
    When I call "/oauth/auth_native" as the login client with:
      | locale            | en-US                                                                                          |
      | redirect_uri      | https://app.example.test/cb                                                                    |
      | token             | {"identifier":"https://idp.example.test/t${unique}","domain":"idp.example.test","email":"thin-${unique}@example.test"} |
      | thin_registration | true                                                                                           |
    Then the response should be a Capture success
    And the response field "capture_user.email" should be "thin-${unique}@example.test"
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                        |
      | redirect_uri       | https://app.example.test/cb  |
      | form               | signInForm                   |
      | signInEmailAddress | thin-${unique}@example.test  |
      | currentPassword    | anything-1                   |
    Then the response should be the Capture error 211 "no_password"
