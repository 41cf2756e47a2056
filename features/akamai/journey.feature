@emulator
Feature: A newcomer's journey through the Capture native API
  Register with the traditional registration form, verify the address with the link from
  the outbox, sign in for an authorization code, exchange it for tokens, refresh them
  when the access token has expired, and edit the profile.

  Scenario: registration, email verification, login, token refresh, profile update
    When I call "/oauth/register_native_traditional" as the login client with:
      | locale             | en-US                          |
      | redirect_uri       | https://app.example.test/cb    |
      | form               | registrationForm               |
      | emailAddress       | journey-${unique}@example.test |
      | newPassword        | Journey-pass-1                 |
      | newPasswordConfirm | Journey-pass-1                 |
      | firstName          | Jo                             |
      | lastName           | Urney                          |
    Then the response should be a Capture success
    And the response field "capture_user.emailVerified" should be null
    And the outbox should have a message to "journey-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "verification"
    When I call "/access/use_verification_code" without credentials with:
      | verification_code | ${verification} |
    Then the response should be a Capture success

    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                          |
      | redirect_uri       | https://app.example.test/cb    |
      | form               | signInForm                     |
      | response_type      | code                           |
      | signInEmailAddress | journey-${unique}@example.test |
      | currentPassword    | Journey-pass-1                 |
    Then the response should be a Capture success
    And the response field "capture_user.emailVerified" should match "^\d{4}-"
    And I store the response field "authorization_code" as "code"
    When I exchange at "/oauth/token" as the login client with:
      | grant_type   | authorization_code          |
      | code         | ${code}                     |
      | redirect_uri | https://app.example.test/cb |
    Then the response status should be 200
    And I store the response field "access_token" as "token"
    And I store the response field "refresh_token" as "refresh"

    When I advance the clock by "61m"
    And I call "/oauth/update_profile_native" as the login client with:
      | locale       | en-US           |
      | form         | editProfileForm |
      | access_token | ${token}        |
      | displayName  | JoJo            |
    Then the response should be the Capture error 414 "access_token_expired"
    When I exchange at "/oauth/token" as the login client with:
      | grant_type    | refresh_token |
      | refresh_token | ${refresh}    |
    Then the response status should be 200
    And I store the response field "access_token" as "token"

    When I call "/oauth/update_profile_native" as the login client with:
      | locale       | en-US           |
      | form         | editProfileForm |
      | access_token | ${token}        |
      | displayName  | JoJo            |
    Then the response should be a Capture success
    When I call "/entity" without credentials with:
      | type_name    | user     |
      | access_token | ${token} |
    Then the response should be a Capture success
    And the response field "result.displayName" should be "JoJo"
    And the response field "result.givenName" should be "Jo"
