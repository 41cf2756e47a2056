Feature: Email templates, the captcha provider, the dashboard and the well-known documents

  Scenario: email templates are upserted by language and type, edited and deleted
    Given I am authenticated as the client
    When I send a PUT request to "/api/email-templates" with JSON:
      """
      {"templates": [{"languageTag": "x-${unique}", "templateType": "SignIn", "details": {"subject": "Sign in", "content": "Code {{code}}", "contentType": "text/plain"}},
                     {"languageTag": "x-${unique}", "templateType": "Register", "details": {"subject": "Welcome", "content": "Code {{code}}"}}]}
      """
    Then the response status should be 200
    And the response field "$" should have 2 items
    And I store the response field "[0].id" as "signInTemplate"
    When I send a PUT request to "/api/email-templates" with JSON:
      """
      {"templates": [{"languageTag": "x-${unique}", "templateType": "SignIn", "details": {"subject": "Sign in now", "content": "Code {{code}}"}}]}
      """
    Then the response field "[0].id" should be "${signInTemplate}"
    When I send a PATCH request to "/api/email-templates/${signInTemplate}/details" with JSON:
      """
      {"subject": "Your sign-in code"}
      """
    Then the response status should be 200
    And the response field "details.subject" should be "Your sign-in code"
    And the response field "details.content" should be "Code {{code}}"
    When I send a GET request to "/api/email-templates?languageTag=x-${unique}"
    Then the response field "$" should have 2 items
    When I send a DELETE request to "/api/email-templates"
    Then the response status should be 422
    When I send a DELETE request to "/api/email-templates?languageTag=x-${unique}&templateType=Register"
    Then the response status should be 200
    And the response field "rowCount" should be the number 1
    When I send a DELETE request to "/api/email-templates/${signInTemplate}"
    Then the response status should be 204
    When I send a GET request to "/api/email-templates/${signInTemplate}"
    Then the response status should be 404

  @emulator
  Scenario: the captcha provider and the dashboard of a fresh tenant
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "dash-${unique}", "clients": [{"id": "dash${unique}", "secret": "DashSecret${unique}"}]}]}
      """
    And I use the tenant "dash-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                   |
      | client_id     | dash${unique}                        |
      | client_secret | DashSecret${unique}                  |
      | resource      | https://dash-${unique}.logto.app/api |
      | scope         | all                                  |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a GET request to "/api/captcha-provider"
    Then the response status should be 404
    When I send a PUT request to "/api/captcha-provider" with JSON:
      """
      {"config": {"type": "Turnstile", "siteKey": "site", "secretKey": "secret"}}
      """
    Then the response status should be 200
    And the response field "config.type" should be "Turnstile"
    When I send a GET request to "/api/captcha-provider"
    Then the response field "config.siteKey" should be "site"
    When I send a DELETE request to "/api/captcha-provider"
    Then the response status should be 204
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "first_${unique}"}
      """
    When I send a GET request to "/api/dashboard/users/total"
    Then the response status should be 200
    And the response field "totalUserCount" should be the number 1
    When I send a GET request to "/api/dashboard/users/new"
    Then the response field "today.count" should be the number 1
    And the response field "last7Days.delta" should be the number 1
    When I send a GET request to "/api/dashboard/users/active"
    Then the response status should be 200
    And the response field "dauCurve" should have 30 items
    And the response field "mau.count" should be the number 0

  Scenario: the public documents need no token
    When I send a GET request to "/api/.well-known/sign-in-exp"
    Then the response status should be 200
    And the response field "signInMode" should exist
    And the response field "forgotPassword.email" should exist
    When I send a GET request to "/api/.well-known/experience.openapi.json"
    Then the response status should be 200
    And the response field "paths./api/experience/submit.post.operationId" should be "SubmitInteraction"
    When I send a GET request to "/api/.well-known/user.openapi.json"
    Then the response field "paths./api/my-account.get.operationId" should be "GetProfile"
    When I send a GET request to "/api/.well-known/management.openapi.json"
    Then the response field "paths./api/users.get.operationId" should be "ListUsers"

  @emulator
  Scenario: system facts, uploads without a storage provider, and the sentinel's manual unlock
    Given I am authenticated as the client
    When I send a GET request to "/api/systems/application"
    Then the response status should be 200
    And the response field "protectedApps.defaultDomain" should be "protected.logto.app"
    When I send a GET request to "/api/user-assets/service-status"
    Then the response status should be 200
    And the response field "status" should be "not_configured"
    When I send a POST request to "/api/sentinel-activities/delete" with JSON:
      """
      {"targetType": "User", "targets": ["nobody_${unique}"]}
      """
    Then the response status should be 204
