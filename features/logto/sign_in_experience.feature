Feature: The sign-in experience, custom phrases and the password policy

  Background:
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "sie-${unique}", "clients": [{"id": "sie${unique}", "secret": "SieSecret${unique}"}]}]}
      """
    And I use the tenant "sie-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | sie${unique}                        |
      | client_secret | SieSecret${unique}                  |
      | resource      | https://sie-${unique}.logto.app/api |
      | scope         | all                                 |
    Then the response status should be 200
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"

  @emulator
  Scenario: a fresh tenant has Logto's default sign-in experience
    When I send a GET request to "/api/sign-in-exp"
    Then the response status should be 200
    And the response field "id" should be "default"
    And the response field "tenantId" should be "sie-${unique}"
    And the response field "signUp.identifiers[0]" should be "username"
    And the response field "signIn.methods[0].isPasswordPrimary" should be true
    And the response field "languageInfo.fallbackLanguage" should be "en"
    And the response field "mfa.policy" should be "UserControlled"
    And the response field "signInMode" should be "SignInAndRegister"

  @emulator
  Scenario: sign-up and sign-in settings are checked against the connectors
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"signUp": {"identifiers": ["email"], "password": true, "verify": true}}
      """
    Then the response status should be 400
    And the response field "code" should be "sign_in_experiences.enabled_connector_not_found"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "simple-mail-transfer-protocol", "config": {"host": "smtp.example.test", "port": 25, "fromEmail": "noreply@example.test"}}
      """
    Then the response status should be 200
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"signUp": {"identifiers": ["email"], "password": true, "verify": false}}
      """
    Then the response status should be 400
    And the response field "code" should be "sign_in_experiences.passwordless_requires_verify"
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"signUp": {"identifiers": ["email"], "password": true, "verify": true},
       "signIn": {"methods": [{"identifier": "username", "password": true, "verificationCode": false, "isPasswordPrimary": true}]}}
      """
    Then the response status should be 400
    And the response field "code" should be "sign_in_experiences.miss_sign_up_identifier_in_sign_in"
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"signUp": {"identifiers": ["email"], "password": true, "verify": true},
       "signIn": {"methods": [{"identifier": "email", "password": true, "verificationCode": true, "isPasswordPrimary": true}]},
       "socialSignInConnectorTargets": ["google", "nowhere"],
       "color": {"primaryColor": "#112233", "isDarkModeEnabled": true, "darkPrimaryColor": "#445566"}}
      """
    Then the response status should be 200
    And the response field "socialSignInConnectorTargets" should have 1 item
    And the response field "socialSignInConnectorTargets[0]" should be "google"
    And the response field "color.primaryColor" should be "#112233"
    When I send a GET request to "/api/sign-in-exp"
    Then the response field "signUp.identifiers[0]" should be "email"
    When I send a GET request to "/api/connectors?target=google"
    And I store the response field "[0].id" as "google"
    When I send a DELETE request to "/api/connectors/${google}"
    Then the response status should be 204
    When I send a GET request to "/api/sign-in-exp"
    Then the response field "socialSignInConnectorTargets" should have 0 items
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"mfa": {"factors": ["BackupCode"], "policy": "UserControlled"}}
      """
    Then the response status should be 400
    And the response field "code" should be "sign_in_experiences.backup_code_cannot_be_enabled_alone"
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"signInMode": "Everywhere"}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"

  @emulator
  Scenario: custom phrases, and the fallback language they make possible
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"languageInfo": {"autoDetect": false, "fallbackLanguage": "nl"}}
      """
    Then the response status should be 400
    And the response field "code" should be "sign_in_experiences.unsupported_default_language"
    When I send a PUT request to "/api/custom-phrases/nl" with JSON:
      """
      {"input": {"username": "Gebruikersnaam", "password": ""}}
      """
    Then the response status should be 201
    And the response field "languageTag" should be "nl"
    And the response field "translation.input.username" should be "Gebruikersnaam"
    And the response field "translation.input.password" should not exist
    And I store the response field "id" as "phraseId"
    When I send a PUT request to "/api/custom-phrases/nl" with JSON:
      """
      {"input": {"username": 42}}
      """
    Then the response status should be 422
    And the response field "code" should be "localization.invalid_translation_structure"
    When I send a PUT request to "/api/custom-phrases/nl" with JSON:
      """
      {"input": {"password": "Wachtwoord"}}
      """
    Then the response field "id" should be "${phraseId}"
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"languageInfo": {"autoDetect": false, "fallbackLanguage": "nl"}}
      """
    Then the response status should be 200
    When I send a DELETE request to "/api/custom-phrases/nl"
    Then the response status should be 409
    And the response field "code" should be "localization.cannot_delete_default_language"
    When I send a GET request to "/api/custom-phrases"
    Then the response field "[0].translation.input.password" should be "Wachtwoord"
    When I send a GET request to "/api/custom-phrases/fr"
    Then the response status should be 404
    When I send a GET request to "/api/custom-phrases/xx-XX"
    Then the response status should be 400

  @emulator
  Scenario: a password is checked against the policy
    When I send a POST request to "/api/sign-in-exp/default/check-password" with JSON:
      """
      {"password": "Str0ng-Passw0rd!"}
      """
    Then the response status should be 200
    And the response field "result" should be true
    When I send a POST request to "/api/sign-in-exp/default/check-password" with JSON:
      """
      {"password": "aaa1"}
      """
    Then the response status should be 200
    And the response field "result" should be false
    And the response field "issues" should contain an item with "code" equal to "password_rejected.too_short"
    And the response field "issues" should contain an item with "code" equal to "password_rejected.restricted.repetition"
    When I send a PATCH request to "/api/sign-in-exp" with JSON:
      """
      {"passwordPolicy": {"length": {"min": 4, "max": 8}, "characterTypes": {"min": 3}, "rejects": {"words": ["acme"]}}}
      """
    Then the response status should be 200
    When I send a POST request to "/api/sign-in-exp/default/check-password" with JSON:
      """
      {"password": "Acme7777x"}
      """
    Then the response field "issues" should contain an item with "code" equal to "password_rejected.too_long"
    And the response field "issues" should contain an item with "code" equal to "password_rejected.restricted.words"
