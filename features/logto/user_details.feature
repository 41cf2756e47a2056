Feature: A user's custom data, profile, password, suspension, configs, identities and roles

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "detail_${unique}", "customData": {"a": 1}}
      """
    Then the response status should be 200
    And I store the response field "id" as "userId"

  Scenario: custom data is read, and PATCH merges keys
    When I send a GET request to "/api/users/${userId}/custom-data"
    Then the response status should be 200
    And the response field "a" should be the number 1
    When I send a PATCH request to "/api/users/${userId}/custom-data" with JSON:
      """
      {"customData": {"b": "two"}}
      """
    Then the response status should be 200
    And the response field "a" should be the number 1
    And the response field "b" should be "two"
    When I send a PATCH request to "/api/users/nouser${unique}/custom-data" with JSON:
      """
      {"customData": {}}
      """
    Then the response status should be 404

  Scenario: the profile is merged
    When I send a PATCH request to "/api/users/${userId}/profile" with JSON:
      """
      {"profile": {"nickname": "Ace", "address": {"country": "NL"}}}
      """
    Then the response status should be 200
    And the response field "nickname" should be "Ace"
    And the response field "address.country" should be "NL"
    When I send a GET request to "/api/users/${userId}"
    Then the response field "profile.nickname" should be "Ace"

  Scenario: setting, checking and verifying a password
    When I send a GET request to "/api/users/${userId}/has-password"
    Then the response status should be 200
    And the response field "hasPassword" should be false
    When I send a POST request to "/api/users/${userId}/password/verify" with JSON:
      """
      {"password": "anything"}
      """
    Then the response status should be 422
    And the response field "code" should be "session.invalid_credentials"
    When I send a PATCH request to "/api/users/${userId}/password" with JSON:
      """
      {"password": "New-Passw0rd-${unique}"}
      """
    Then the response status should be 200
    And the response field "hasPassword" should be true
    When I send a POST request to "/api/users/${userId}/password/verify" with JSON:
      """
      {"password": "New-Passw0rd-${unique}"}
      """
    Then the response status should be 204
    When I send a POST request to "/api/users/${userId}/password/verify" with JSON:
      """
      {"password": "wrong"}
      """
    Then the response status should be 422
    When I send a POST request to "/api/users/${userId}/password/verify" with JSON:
      """
      {"password": ""}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "too_small"

  Scenario: suspending and reinstating a user
    When I send a PATCH request to "/api/users/${userId}/is-suspended" with JSON:
      """
      {"isSuspended": true}
      """
    Then the response status should be 200
    And the response field "isSuspended" should be true
    When I send a PATCH request to "/api/users/${userId}/is-suspended" with JSON:
      """
      {"isSuspended": "yes"}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"
    When I send a PATCH request to "/api/users/${userId}/is-suspended" with JSON:
      """
      {"isSuspended": false}
      """
    Then the response field "isSuspended" should be false

  Scenario: Logto configs record skipped MFA and passkey prompts
    When I send a GET request to "/api/users/${userId}/logto-configs"
    Then the response status should be 200
    And the response field "mfa.skipped" should be false
    And the response field "passkeySignIn.skipped" should be false
    When I send a PATCH request to "/api/users/${userId}/logto-configs" with JSON:
      """
      {"mfa": {"skipped": true}}
      """
    Then the response status should be 200
    And the response field "mfa.skipped" should be true
    When I send a GET request to "/api/users/${userId}/logto-configs"
    Then the response field "mfa.skipped" should be true

  Scenario: social identities are set, read and removed
    When I send a PUT request to "/api/users/${userId}/identities/github" with JSON:
      """
      {"userId": "gh-${unique}", "details": {"login": "ada"}}
      """
    Then the response status should be 201
    And the response field "github.userId" should be "gh-${unique}"
    When I send a PUT request to "/api/users/${userId}/identities/github" with JSON:
      """
      {"userId": "gh-${unique}"}
      """
    Then the response status should be 200
    When I send a GET request to "/api/users/${userId}/identities/github"
    Then the response status should be 200
    And the response field "identity.userId" should be "gh-${unique}"
    When I send a GET request to "/api/users/${userId}/all-identities"
    Then the response status should be 200
    And the response field "socialIdentities[0].target" should be "github"
    And the response field "ssoIdentities" should have 0 items
    When I send a DELETE request to "/api/users/${userId}/identities/github"
    Then the response status should be 200
    And the response field "identities.github" should not exist
    When I send a DELETE request to "/api/users/${userId}/identities/github"
    Then the response status should be 404
    And the response field "code" should be "user.identity_not_exist"
    When I send a GET request to "/api/users/${userId}/identities/github"
    Then the response status should be 404

  Scenario: an identity held by another user is 422 user.identity_already_in_use
    When I send a PUT request to "/api/users/${userId}/identities/google" with JSON:
      """
      {"userId": "g-${unique}"}
      """
    Then the response status should be 201
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "other_${unique}"}
      """
    And I store the response field "id" as "other"
    When I send a PUT request to "/api/users/${other}/identities/google" with JSON:
      """
      {"userId": "g-${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.identity_already_in_use"

  Scenario: an unknown SSO connector identity is 404
    When I send a GET request to "/api/users/${userId}/sso-identities/nosuchconnector"
    Then the response status should be 404
    And the response field "code" should be "user.enterprise_sso_identity_not_exists"

  Scenario: a new user has no sessions, grants or organizations
    When I send a GET request to "/api/users/${userId}/sessions"
    Then the response status should be 200
    And the response field "sessions" should have 0 items
    When I send a GET request to "/api/users/${userId}/grants"
    Then the response status should be 200
    And the response field "grants" should have 0 items
    When I send a GET request to "/api/users/${userId}/organizations"
    Then the response status should be 200
    And the response field "$" should have 0 items

  Scenario: TOTP and backup codes
    When I send a GET request to "/api/users/${userId}/mfa-verifications"
    Then the response status should be 200
    And the response field "$" should have 0 items
    When I send a POST request to "/api/users/${userId}/mfa-verifications" with JSON:
      """
      {"type": "BackupCode"}
      """
    Then the response status should be 422
    And the response field "code" should be "session.mfa.backup_code_can_not_be_alone"
    When I send a POST request to "/api/users/${userId}/mfa-verifications" with JSON:
      """
      {"type": "Totp"}
      """
    Then the response status should be 200
    And the response field "type" should be "Totp"
    And the response field "secret" should match "^[A-Z2-7]+$"
    When I send a POST request to "/api/users/${userId}/mfa-verifications" with JSON:
      """
      {"type": "Totp"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.totp_already_in_use"
    When I send a POST request to "/api/users/${userId}/mfa-verifications" with JSON:
      """
      {"type": "BackupCode"}
      """
    Then the response status should be 200
    And the response field "codes" should have 10 items
    When I send a GET request to "/api/users/${userId}/mfa-verifications"
    Then the response field "$" should have 2 items
    And the response field "$" should contain an item with "type" equal to "Totp"
    And I store the response field "[0].id" as "first"
    When I send a DELETE request to "/api/users/${userId}/mfa-verifications/${first}"
    Then the response status should be 204
    When I send a DELETE request to "/api/users/${userId}/mfa-verifications/${first}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"

  Scenario: personal access tokens
    When I send a POST request to "/api/users/${userId}/personal-access-tokens" with JSON:
      """
      {"name": "ci-${unique}"}
      """
    Then the response status should be 201
    And the response field "value" should match "^pat_[0-9A-Za-z]{32}$"
    And the response field "expiresAt" should be null
    When I send a POST request to "/api/users/${userId}/personal-access-tokens" with JSON:
      """
      {"name": "ci-${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.personal_access_token_name_exists"
    When I send a POST request to "/api/users/${userId}/personal-access-tokens" with JSON:
      """
      {"name": "old-${unique}", "expiresAt": 1000}
      """
    Then the response status should be 400
    And the response field "code" should be "request.invalid_input"
    When I send a PATCH request to "/api/users/${userId}/personal-access-tokens/ci-${unique}" with JSON:
      """
      {"name": "build-${unique}"}
      """
    Then the response status should be 200
    And the response field "name" should be "build-${unique}"
    When I send a PATCH request to "/api/users/${userId}/personal-access-tokens" with JSON:
      """
      {"currentName": "build-${unique}", "name": "deploy-${unique}"}
      """
    Then the response status should be 200
    When I send a GET request to "/api/users/${userId}/personal-access-tokens"
    Then the response status should be 200
    And the response field "[0].name" should be "deploy-${unique}"
    When I send a POST request to "/api/users/${userId}/personal-access-tokens/delete" with JSON:
      """
      {"name": "deploy-${unique}"}
      """
    Then the response status should be 204
    When I send a DELETE request to "/api/users/${userId}/personal-access-tokens/deploy-${unique}"
    Then the response status should be 404
