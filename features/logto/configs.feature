Feature: Configs, domains and verification codes

  Scenario: the admin console config is read and merged
    Given I am authenticated as the client
    When I send a GET request to "/api/configs/admin-console"
    Then the response status should be 200
    And the response field "organizationCreated" should exist
    When I send a PATCH request to "/api/configs/admin-console" with JSON:
      """
      {"signInExperienceCustomized": true}
      """
    Then the response status should be 200
    And the response field "signInExperienceCustomized" should be true
    And the response field "organizationCreated" should exist

  Scenario: OIDC keys are listed without their secrets
    Given I am authenticated as the client
    When I send a GET request to "/api/configs/oidc/private-keys"
    Then the response status should be 200
    And the response field "[0].id" should exist
    And the response field "[0].signingKeyAlgorithm" should be "EC"
    And the response field "[0].value" should not exist
    When I send a GET request to "/api/configs/oidc/cookie-keys"
    Then the response status should be 200
    And the response field "[0].createdAt" should exist
    When I send a GET request to "/api/configs/oidc/public-keys"
    Then the response status should be 400

  @emulator
  Scenario: the ID token and OIDC session configs
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "cfg-${unique}", "clients": [{"id": "cfg${unique}", "secret": "CfgSecret${unique}"}]}]}
      """
    And I use the tenant "cfg-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | cfg${unique}                        |
      | client_secret | CfgSecret${unique}                  |
      | resource      | https://cfg-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a GET request to "/api/configs/id-token"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"
    When I send a PUT request to "/api/configs/id-token" with JSON:
      """
      {"enabledExtendedClaims": ["roles", "organizations"]}
      """
    Then the response status should be 200
    When I send a GET request to "/api/configs/id-token"
    Then the response field "enabledExtendedClaims[1]" should be "organizations"
    When I send a GET request to "/api/configs/oidc/session"
    Then the response field "ttl" should be the number 1209600
    When I send a PATCH request to "/api/configs/oidc/session" with JSON:
      """
      {"ttl": 3600}
      """
    Then the response status should be 200
    And the response field "ttl" should be the number 3600

  @emulator
  Scenario: one custom domain, pending verification until it is deleted or cleaned up
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "dom-${unique}", "clients": [{"id": "dom${unique}", "secret": "DomSecret${unique}"}]}]}
      """
    And I use the tenant "dom-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | dom${unique}                        |
      | client_secret | DomSecret${unique}                  |
      | resource      | https://dom-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a POST request to "/api/domains" with JSON:
      """
      {"domain": "auth-${unique}.example.test"}
      """
    Then the response status should be 201
    And the response field "status" should be "PendingVerification"
    And the response field "dnsRecords[0].type" should be "CNAME"
    And I store the response field "id" as "domainId"
    When I send a POST request to "/api/domains" with JSON:
      """
      {"domain": "login-${unique}.example.test"}
      """
    Then the response status should be 422
    And the response field "code" should be "domain.limit_to_one_domain"
    When I send a GET request to "/api/domains/${domainId}"
    Then the response status should be 200
    And the response field "domain" should be "auth-${unique}.example.test"
    When I send a POST request to "/api/domains/cleanup" with JSON:
      """
      {"staleDays": 1}
      """
    Then the response status should be 200
    And the response field "deletedCount" should be the number 0
    When I advance the clock by "49h"
    And I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | dom${unique}                        |
      | client_secret | DomSecret${unique}                  |
      | resource      | https://dom-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a POST request to "/api/domains/cleanup" with JSON:
      """
      {"staleDays": 1}
      """
    Then the response field "deletedCount" should be the number 1
    When I send a GET request to "/api/domains"
    Then the response field "$" should have 0 items
    When I send a DELETE request to "/api/domains/${domainId}"
    Then the response status should be 404

  @emulator
  Scenario: a verification code is sent through the email connector and verified once
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "code-${unique}", "clients": [{"id": "code${unique}", "secret": "CodeSecret${unique}"}]}]}
      """
    And I use the tenant "code-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                   |
      | client_id     | code${unique}                        |
      | client_secret | CodeSecret${unique}                  |
      | resource      | https://code-${unique}.logto.app/api |
      | scope         | all                                  |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a POST request to "/api/verification-codes" with JSON:
      """
      {"email": "code_${unique}@example.test"}
      """
    Then the response status should be 501
    And the response field "code" should be "connector.not_found"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "simple-mail-transfer-protocol", "config": {"host": "smtp.example.test", "port": 25, "fromEmail": "noreply@example.test"}}
      """
    When I send a POST request to "/api/verification-codes" with JSON:
      """
      {"email": "code_${unique}@example.test"}
      """
    Then the response status should be 204
    And the outbox should have a message to "code_${unique}@example.test" with purpose "Generic"
    And I store the code of that message as "code"
    When I send a POST request to "/api/verification-codes/verify" with JSON:
      """
      {"email": "code_${unique}@example.test", "verificationCode": "000000x"}
      """
    Then the response status should be 400
    And the response field "code" should be "verification_code.code_mismatch"
    When I send a POST request to "/api/verification-codes/verify" with JSON:
      """
      {"email": "code_${unique}@example.test", "verificationCode": "${code}"}
      """
    Then the response status should be 204
    When I send a POST request to "/api/verification-codes/verify" with JSON:
      """
      {"email": "code_${unique}@example.test", "verificationCode": "${code}"}
      """
    Then the response status should be 400
    And the response field "code" should be "verification_code.not_found"
    When I send a POST request to "/api/verification-codes" with JSON:
      """
      {"email": "code_${unique}@example.test"}
      """
    And I advance the clock by "11m"
    And I request a token with form:
      | grant_type    | client_credentials                   |
      | client_id     | code${unique}                        |
      | client_secret | CodeSecret${unique}                  |
      | resource      | https://code-${unique}.logto.app/api |
      | scope         | all                                  |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    And I send a POST request to "/api/verification-codes/verify" with JSON:
      """
      {"email": "code_${unique}@example.test", "verificationCode": "123456"}
      """
    Then the response status should be 400
    And the response field "code" should be "verification_code.expired"

  @emulator
  Scenario: JWT customizers are stored per token type
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "jwt-${unique}", "clients": [{"id": "jwt${unique}", "secret": "JwtSecret${unique}"}]}]}
      """
    And I use the tenant "jwt-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | jwt${unique}                        |
      | client_secret | JwtSecret${unique}                  |
      | resource      | https://jwt-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a GET request to "/api/configs/jwt-customizer/access-token"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"
    When I send a PUT request to "/api/configs/jwt-customizer/access-token" with JSON:
      """
      {"environmentVariables": {"API_KEY": "k"}}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"
    When I send a PUT request to "/api/configs/jwt-customizer/access-token" with JSON:
      """
      {"script": "const getCustomJwtClaims = async () => ({ tier: 'gold' });", "environmentVariables": {"API_KEY": "k"}}
      """
    Then the response status should be 201
    And the response field "environmentVariables.API_KEY" should be "k"
    When I send a PATCH request to "/api/configs/jwt-customizer/access-token" with JSON:
      """
      {"script": "const getCustomJwtClaims = async () => ({});", "blockIssuanceOnError": true}
      """
    Then the response status should be 200
    And the response field "blockIssuanceOnError" should be true
    And the response field "environmentVariables.API_KEY" should be "k"
    When I send a GET request to "/api/configs/jwt-customizer"
    Then the response field "$" should have 1 items
    And the response field "[0].key" should be "jwt.accessToken"
    When I send a DELETE request to "/api/configs/jwt-customizer/access-token"
    Then the response status should be 204
    When I send a GET request to "/api/configs/jwt-customizer"
    Then the response field "$" should have 0 items
