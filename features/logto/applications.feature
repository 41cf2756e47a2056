Feature: Applications, their secrets, roles and third-party settings

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "web-${unique}", "type": "Traditional", "description": "A web app",
       "oidcClientMetadata": {"redirectUris": ["https://web-${unique}.example.test/callback"], "postLogoutRedirectUris": []}}
      """
    Then the response status should be 200
    And I store the response field "id" as "appId"

  Scenario: an application is created with an internal secret and a default secret
    Then the response field "id" should match "^[0-9a-z]{21}$"
    And the response field "secret" should match "^#internal:"
    And the response field "oidcClientMetadata.redirectUris[0]" should be "https://web-${unique}.example.test/callback"
    And the response field "protectedAppMetadata" should be null
    When I send a GET request to "/api/applications/${appId}"
    Then the response status should be 200
    And the response field "isAdmin" should be false
    When I send a GET request to "/api/applications/${appId}/secrets"
    Then the response status should be 200
    And the response field "[0].name" should be "Default secret"
    And the response field "[0].value" should match "^[0-9A-Za-z]{32}$"

  Scenario: an unknown application is 404 and a bad type is 400
    When I send a GET request to "/api/applications/noapp${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"
    And the response field "message" should be "The applications with ID `noapp${unique}` does not exist."
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "x", "type": "Bogus"}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "invalid_enum_value"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "x", "type": "SPA", "isThirdParty": true}
      """
    Then the response status should be 400
    And the response field "code" should be "application.invalid_third_party_application_type"

  Scenario: an application is listed, filtered by type and searched
    When I send a GET request to "/api/applications?types=Traditional&search.name=web-${unique}"
    Then the response status should be 200
    And the response field "$" should have 1 item
    When I send a GET request to "/api/applications?types=SPA&search.name=web-${unique}"
    Then the response field "$" should have 0 items
    When I send a GET request to "/api/applications?search.name=web-${unique}&page=1&page_size=5"
    Then the response header "Total-Number" should be "1"

  Scenario: an application is updated and its custom data merged
    When I send a PATCH request to "/api/applications/${appId}" with JSON:
      """
      {"name": "portal-${unique}", "description": null}
      """
    Then the response status should be 200
    And the response field "name" should be "portal-${unique}"
    And the response field "description" should be null
    When I send a PATCH request to "/api/applications/${appId}/custom-data" with JSON:
      """
      {"team": "blue"}
      """
    Then the response status should be 200
    And the response field "team" should be "blue"
    When I send a GET request to "/api/applications/${appId}"
    Then the response field "customData.team" should be "blue"

  Scenario: secrets are added, renamed and removed; there is no legacy secret
    When I send a POST request to "/api/applications/${appId}/secrets" with JSON:
      """
      {"name": "rotation-${unique}"}
      """
    Then the response status should be 201
    And the response field "applicationId" should be "${appId}"
    When I send a POST request to "/api/applications/${appId}/secrets" with JSON:
      """
      {"name": "rotation-${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "application.secret_name_exists"
    When I send a PATCH request to "/api/applications/${appId}/secrets/rotation-${unique}" with JSON:
      """
      {"name": "spare-${unique}"}
      """
    Then the response status should be 200
    And the response field "name" should be "spare-${unique}"
    When I send a DELETE request to "/api/applications/${appId}/secrets/spare-${unique}"
    Then the response status should be 204
    When I send a DELETE request to "/api/applications/${appId}/secrets/spare-${unique}"
    Then the response status should be 404
    When I send a DELETE request to "/api/applications/${appId}/legacy-secret"
    Then the response status should be 400
    And the response field "code" should be "application.no_legacy_secret_found"

  Scenario: only machine-to-machine applications hold roles
    When I send a GET request to "/api/applications/${appId}/roles"
    Then the response status should be 200
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "m2m-${unique}", "description": "M2M", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "roleId"
    When I send a POST request to "/api/applications/${appId}/roles" with JSON:
      """
      {"roleIds": ["${roleId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "application.invalid_type"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "svc-${unique}", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "m2mApp"
    When I send a POST request to "/api/applications/${m2mApp}/roles" with JSON:
      """
      {"roleIds": ["${roleId}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/applications/${m2mApp}/roles" with JSON:
      """
      {"roleIds": ["${roleId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "application.role_exists"
    When I send a GET request to "/api/applications/${m2mApp}/roles"
    Then the response field "[0].id" should be "${roleId}"
    When I send a PUT request to "/api/applications/${m2mApp}/roles" with JSON:
      """
      {"roleIds": []}
      """
    Then the response status should be 200
    When I send a DELETE request to "/api/applications/${m2mApp}/roles/${roleId}"
    Then the response status should be 404
    When I send a DELETE request to "/api/applications/${m2mApp}"
    Then the response status should be 204

  Scenario: only a third-party application takes consent scopes
    When I send a GET request to "/api/applications/${appId}/user-consent-scopes"
    Then the response status should be 200
    And the response field "userScopes" should have 0 items
    When I send a POST request to "/api/applications/${appId}/user-consent-scopes" with JSON:
      """
      {"userScopes": ["profile"]}
      """
    Then the response status should be 422
    And the response field "code" should be "application.third_party_application_only"

  Scenario: a third-party application's consent scopes and sign-in experience
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "partner-${unique}", "type": "Traditional", "isThirdParty": true}
      """
    Then the response status should be 200
    And I store the response field "id" as "partner"
    When I send a POST request to "/api/applications/${partner}/user-consent-scopes" with JSON:
      """
      {"userScopes": ["profile", "email"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/applications/${partner}/user-consent-scopes" with JSON:
      """
      {"resourceScopes": ["management-api-all"]}
      """
    Then the response status should be 422
    When I send a GET request to "/api/applications/${partner}/user-consent-scopes"
    Then the response status should be 200
    And the response field "userScopes" should have 2 items
    When I send a DELETE request to "/api/applications/${partner}/user-consent-scopes/user-scopes/email"
    Then the response status should be 204
    When I send a DELETE request to "/api/applications/${partner}/user-consent-scopes/user-scopes/email"
    Then the response status should be 404
    When I send a PUT request to "/api/applications/${partner}/sign-in-experience" with JSON:
      """
      {"displayName": "Partner ${unique}", "termsOfUseUrl": "https://partner.example.test/terms", "privacyPolicyUrl": ""}
      """
    Then the response status should be 201
    And the response field "displayName" should be "Partner ${unique}"
    When I send a GET request to "/api/applications/${partner}/sign-in-experience"
    Then the response status should be 200
    And the response field "termsOfUseUrl" should be "https://partner.example.test/terms"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "consent_${unique}"}
      """
    And I store the response field "id" as "userId"
    When I send a GET request to "/api/applications/${partner}/users/${userId}/consent-organizations"
    Then the response status should be 200
    And the response field "organizations" should have 0 items
    When I send a PUT request to "/api/applications/${partner}/users/${userId}/consent-organizations" with JSON:
      """
      {"organizationIds": []}
      """
    Then the response status should be 204
    When I send a POST request to "/api/applications/${partner}/users/${userId}/consent-organizations" with JSON:
      """
      {"organizationIds": ["noorg${unique}"]}
      """
    Then the response status should be 422
    When I send a DELETE request to "/api/applications/${partner}/users/${userId}/consent-organizations/noorg${unique}"
    Then the response status should be 404

  Scenario: an application belongs to no organization until one adds it
    When I send a GET request to "/api/applications/${appId}/organizations"
    Then the response status should be 200
    And the response field "$" should have 0 items

  Scenario: a deleted application is gone
    When I send a DELETE request to "/api/applications/${appId}"
    Then the response status should be 204
    When I send a GET request to "/api/applications/${appId}"
    Then the response status should be 404
    When I send a DELETE request to "/api/applications/${appId}"
    Then the response status should be 404

  @emulator
  Scenario: a protected application's custom domain (Logto Cloud's protected-app provider)
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "shield-${unique}", "type": "Protected",
       "protectedAppMetadata": {"subDomain": "shield-${unique}", "origin": "https://origin.example.test"}}
      """
    Then the response status should be 200
    And I store the response field "id" as "protected"
    And the response field "protectedAppMetadata.host" should match "^shield-[0-9a-z]+\.protected\.logto\.app$"
    When I send a POST request to "/api/applications/${protected}/protected-app-metadata/custom-domains" with JSON:
      """
      {"domain": "shield-${unique}.example.test"}
      """
    Then the response status should be 201
    When I send a GET request to "/api/applications/${protected}/protected-app-metadata/custom-domains"
    Then the response status should be 200
    And the response field "[0].status" should be "PendingVerification"
    When I send a DELETE request to "/api/applications/${protected}"
    Then the response status should be 422
    And the response field "code" should be "application.should_delete_custom_domains_first"
    When I send a DELETE request to "/api/applications/${protected}/protected-app-metadata/custom-domains/shield-${unique}.example.test"
    Then the response status should be 204
    When I send a DELETE request to "/api/applications/${protected}/protected-app-metadata/custom-domains/shield-${unique}.example.test"
    Then the response status should be 404
    And the response field "code" should be "application.custom_domain_not_found"
    When I send a GET request to "/api/applications/${appId}/protected-app-metadata/custom-domains"
    Then the response status should be 400
    And the response field "code" should be "application.protected_application_only"
    When I send a DELETE request to "/api/applications/${protected}"
    Then the response status should be 204
