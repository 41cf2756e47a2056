Feature: The Account API, with a user token from a subject token exchange

  Background:
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "acct-${unique}", "clients": [{"id": "acct${unique}", "secret": "AcctSecret${unique}"}]}]}
      """
    And I use the tenant "acct-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                   |
      | client_id     | acct${unique}                        |
      | client_secret | AcctSecret${unique}                  |
      | resource      | https://acct-${unique}.logto.app/api |
      | scope         | all                                  |
    And I store the response field "access_token" as "admin"
    And I use the access token "${admin}"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "ada_${unique}", "password": "Ada-passw0rd-${unique}", "primaryEmail": "ada_${unique}@example.test"}
      """
    Then the response status should be 200
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "portal-${unique}", "type": "Traditional", "oidcClientMetadata": {"redirectUris": ["https://app.example.test/cb"], "postLogoutRedirectUris": []}, "customClientMetadata": {"allowTokenExchange": true}}
      """
    Then the response status should be 200
    And I store the response field "id" as "appId"
    When I send a GET request to "/api/applications/${appId}/secrets"
    And I store the response field "[0].value" as "appSecret"
    When I send a POST request to "/api/subject-tokens" with JSON:
      """
      {"userId": "${userId}"}
      """
    Then the response status should be 201
    And the response field "expiresIn" should be the number 600
    And I store the response field "subjectToken" as "subjectToken"
    When I request a token with form:
      | grant_type         | urn:ietf:params:oauth:grant-type:token-exchange   |
      | client_id          | ${appId}                                          |
      | client_secret      | ${appSecret}                                      |
      | subject_token      | ${subjectToken}                                   |
      | subject_token_type | urn:ietf:params:oauth:token-type:access_token     |
      | scope              | openid profile email identities custom_data       |
    Then the response status should be 200
    And the response field "issued_token_type" should be "urn:ietf:params:oauth:token-type:access_token"
    And I store the response field "access_token" as "userToken"

  @emulator
  Scenario: the account center must be on, and opens fields one by one
    When I use the access token "${userToken}"
    And I send a PATCH request to "/api/my-account" with JSON:
      """
      {"name": "Ada"}
      """
    Then the response status should be 400
    And the response field "code" should be "account_center.not_enabled"
    When I use the access token "${admin}"
    And I send a PATCH request to "/api/account-center" with JSON:
      """
      {"enabled": true, "fields": {"name": "Edit", "username": "ReadOnly", "email": "Edit", "password": "Edit", "profile": "Edit", "customData": "Edit", "mfa": "Edit", "session": "ReadOnly"}}
      """
    Then the response status should be 200
    And the response field "fields.name" should be "Edit"
    When I send a GET request to "/api/.well-known/account-center"
    Then the response status should be 200
    And the response field "enabled" should be true
    When I use the access token "${userToken}"
    And I send a GET request to "/api/my-account"
    Then the response status should be 200
    And the response field "id" should be "${userId}"
    And the response field "username" should be "ada_${unique}"
    And the response field "primaryEmail" should be "ada_${unique}@example.test"
    And the response field "hasPassword" should be true
    And the response field "primaryPhone" should not exist
    When I send a PATCH request to "/api/my-account" with JSON:
      """
      {"name": "Ada Lovelace", "customData": {"theme": "dark"}}
      """
    Then the response status should be 200
    And the response field "name" should be "Ada Lovelace"
    And the response field "customData.theme" should be "dark"
    When I send a PATCH request to "/api/my-account" with JSON:
      """
      {"username": "other_${unique}"}
      """
    Then the response status should be 400
    And the response field "code" should be "account_center.field_not_editable"
    When I send a PATCH request to "/api/my-account/profile" with JSON:
      """
      {"nickname": "Countess"}
      """
    Then the response status should be 200
    And the response field "nickname" should be "Countess"
    When I use the access token "${admin}"
    And I send a GET request to "/api/users/${userId}"
    Then the response field "name" should be "Ada Lovelace"
    And the response field "profile.nickname" should be "Countess"

  @emulator
  Scenario: sensitive changes need a verification record, and a password proves the user
    When I use the access token "${admin}"
    And I send a PATCH request to "/api/account-center" with JSON:
      """
      {"enabled": true, "fields": {"email": "Edit", "password": "Edit", "mfa": "Edit"}}
      """
    When I use the access token "${userToken}"
    And I send a POST request to "/api/my-account/password" with JSON:
      """
      {"password": "New-passw0rd-${unique}"}
      """
    Then the response status should be 401
    And the response field "code" should be "verification_record.permission_denied"
    When I send a POST request to "/api/verifications/password" with JSON:
      """
      {"password": "wrong"}
      """
    Then the response status should be 422
    And the response field "code" should be "session.invalid_credentials"
    When I send a POST request to "/api/verifications/password" with JSON:
      """
      {"password": "Ada-passw0rd-${unique}"}
      """
    Then the response status should be 201
    And the response field "verificationRecordId" should match "^[0-9a-z]{21}$"
    When I send a POST request to "/api/my-account/mfa-verifications/totp-secret/generate"
    Then the response status should be 200
    And the response field "secret" should match "^[A-Z2-7]{16}$"
    When I send a GET request to "/api/my-account/logto-configs"
    Then the response status should be 200
    And the response field "mfa.skipped" should be false

  @emulator
  Scenario: a token without openid, or an unknown token, is refused
    When I use the access token "not-a-token"
    And I send a GET request to "/api/my-account"
    Then the response status should be 401
    And the response field "code" should be "auth.unauthorized"
    When I request a token with form:
      | grant_type         | urn:ietf:params:oauth:grant-type:token-exchange   |
      | client_id          | ${appId}                                          |
      | client_secret      | ${appSecret}                                      |
      | subject_token      | ${subjectToken}                                   |
      | subject_token_type | urn:ietf:params:oauth:token-type:access_token     |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
