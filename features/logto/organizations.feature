Feature: Organizations, their members and the roles members hold

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/organizations" with JSON:
      """
      {"name": "Acme ${unique}", "description": "Rockets", "customData": {"tier": "gold"}}
      """
    Then the response status should be 201
    And I store the response field "id" as "orgId"

  Scenario: an organization is created, read, searched, updated and deleted
    Then the response field "id" should match "^[0-9a-z]{12}$"
    And the response field "isMfaRequired" should be false
    And the response field "customData.tier" should be "gold"
    When I send a GET request to "/api/organizations/${orgId}"
    Then the response status should be 200
    And the response field "name" should be "Acme ${unique}"
    When I send a GET request to "/api/organizations?q=${unique}"
    Then the response status should be 200
    And the response field "$" should have 1 item
    And the response header "Total-Number" should be "1"
    When I send a PATCH request to "/api/organizations/${orgId}" with JSON:
      """
      {"name": "Acme Corp ${unique}", "description": null, "isMfaRequired": true, "color": {"primaryColor": "#00ff00"}}
      """
    Then the response status should be 200
    And the response field "description" should be null
    And the response field "isMfaRequired" should be true
    And the response field "color.primaryColor" should be "#00ff00"
    And the response field "customData.tier" should be "gold"
    When I send a DELETE request to "/api/organizations/${orgId}"
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"
    When I send a DELETE request to "/api/organizations/${orgId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"

  Scenario: an organization needs a name, and colours are hex
    When I send a POST request to "/api/organizations" with JSON:
      """
      {"description": "nameless"}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"
    And the response field "data.issues[0].path[0]" should be "name"
    When I send a PATCH request to "/api/organizations/${orgId}" with JSON:
      """
      {"color": {"primaryColor": "green"}}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "invalid_string"

  Scenario: users join an organization, get roles there, and leave with them
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "member_${unique}", "primaryEmail": "member_${unique}@example.test"}
      """
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/organization-scopes" with JSON:
      """
      {"name": "read:docs-${unique}"}
      """
    And I store the response field "id" as "scopeId"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "editor-${unique}", "organizationScopeIds": ["${scopeId}"]}
      """
    Then the response status should be 201
    And I store the response field "id" as "roleId"
    When I send a POST request to "/api/organizations/${orgId}/users/${userId}/roles" with JSON:
      """
      {"organizationRoleIds": ["${roleId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "organization.require_membership"
    When I send a POST request to "/api/organizations/${orgId}/users" with JSON:
      """
      {"userIds": []}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "too_small"
    When I send a POST request to "/api/organizations/${orgId}/users" with JSON:
      """
      {"userIds": ["${userId}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/organizations/${orgId}/users" with JSON:
      """
      {"userIds": ["nouser${unique}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.relation_foreign_key_not_found"
    When I send a POST request to "/api/organizations/${orgId}/users/${userId}/roles" with JSON:
      """
      {"organizationRoleNames": ["editor-${unique}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/organizations/${orgId}/users/${userId}/roles" with JSON:
      """
      {"organizationRoleNames": ["ghost-${unique}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "organization.role_names_not_found"
    When I send a GET request to "/api/organizations/${orgId}/users"
    Then the response status should be 200
    And the response field "[0].id" should be "${userId}"
    And the response field "[0].organizationRoles[0].name" should be "editor-${unique}"
    When I send a GET request to "/api/organizations/${orgId}/users/${userId}/scopes"
    Then the response status should be 200
    And the response field "[0].name" should be "read:docs-${unique}"
    When I send a GET request to "/api/users/${userId}/organizations"
    Then the response field "[0].id" should be "${orgId}"
    And the response field "[0].organizationRoles[0].id" should be "${roleId}"
    When I send a PUT request to "/api/organizations/${orgId}/users/${userId}/roles" with JSON:
      """
      {"organizationRoleIds": []}
      """
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/users/${userId}/roles"
    Then the response status should be 200
    And the response field "$" should have 0 items
    When I send a DELETE request to "/api/organizations/${orgId}/users/${userId}/roles/${roleId}"
    Then the response status should be 404
    When I send a POST request to "/api/organizations/${orgId}/users/roles" with JSON:
      """
      {"userIds": ["${userId}"], "organizationRoleIds": ["${roleId}"]}
      """
    Then the response status should be 201
    When I send a DELETE request to "/api/organizations/${orgId}/users/${userId}"
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/users/${userId}/roles"
    Then the response status should be 422
    And the response field "code" should be "organization.require_membership"
    When I send a POST request to "/api/organizations/${orgId}/users" with JSON:
      """
      {"userIds": ["${userId}"]}
      """
    When I send a GET request to "/api/organizations/${orgId}/users/${userId}/roles"
    Then the response status should be 200
    And the response field "$" should have 0 items
    When I send a PUT request to "/api/organizations/${orgId}/users" with JSON:
      """
      {"userIds": []}
      """
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/users"
    Then the response field "$" should have 0 items

  Scenario: machine-to-machine applications join with machine-to-machine roles
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "bot-${unique}", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "appId"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "spa-${unique}", "type": "SPA"}
      """
    And I store the response field "id" as "spaId"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "robot-${unique}", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "robotRole"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "human-${unique}"}
      """
    And I store the response field "id" as "humanRole"
    When I send a POST request to "/api/organizations/${orgId}/applications" with JSON:
      """
      {"applicationIds": ["${spaId}"]}
      """
    Then the response status should be 422
    When I send a POST request to "/api/organizations/${orgId}/applications" with JSON:
      """
      {"applicationIds": ["${appId}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/organizations/${orgId}/applications/${appId}/roles" with JSON:
      """
      {"organizationRoleIds": ["${humanRole}"]}
      """
    Then the response status should be 422
    When I send a POST request to "/api/organizations/${orgId}/applications/${appId}/roles" with JSON:
      """
      {"organizationRoleIds": ["${robotRole}"]}
      """
    Then the response status should be 201
    When I send a GET request to "/api/organizations/${orgId}/applications"
    Then the response status should be 200
    And the response field "[0].id" should be "${appId}"
    And the response field "[0].organizationRoles[0].id" should be "${robotRole}"
    When I send a GET request to "/api/applications/${appId}/organizations"
    Then the response field "[0].organizationRoles[0].name" should be "robot-${unique}"
    When I send a DELETE request to "/api/organization-roles/${robotRole}"
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/applications/${appId}/roles"
    Then the response status should be 200
    And the response field "$" should have 0 items
    When I send a DELETE request to "/api/organizations/${orgId}/applications/${appId}"
    Then the response status should be 204
    When I send a DELETE request to "/api/organizations/${orgId}/applications/${appId}"
    Then the response status should be 422
    And the response field "code" should be "entity.not_found"
    When I send a DELETE request to "/api/applications/${appId}"
    Then the response status should be 204
    When I send a DELETE request to "/api/applications/${spaId}"
    Then the response status should be 204

  Scenario: just-in-time provisioning settings
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "jit-${unique}"}
      """
    And I store the response field "id" as "roleId"
    When I send a POST request to "/api/organizations/${orgId}/jit/email-domains" with JSON:
      """
      {"emailDomain": "acme-${unique}.example"}
      """
    Then the response status should be 201
    And the response field "organizationId" should be "${orgId}"
    And the response field "emailDomain" should be "acme-${unique}.example"
    When I send a POST request to "/api/organizations/${orgId}/jit/email-domains" with JSON:
      """
      {"emailDomain": "acme-${unique}.example"}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.unique_integrity_violation"
    When I send a PUT request to "/api/organizations/${orgId}/jit/email-domains" with JSON:
      """
      {"emailDomains": ["a-${unique}.example", "b-${unique}.example"]}
      """
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/jit/email-domains"
    Then the response status should be 200
    And the response field "$" should have 2 items
    And the response header "Total-Number" should be "2"
    When I send a DELETE request to "/api/organizations/${orgId}/jit/email-domains/a-${unique}.example"
    Then the response status should be 204
    When I send a DELETE request to "/api/organizations/${orgId}/jit/email-domains/a-${unique}.example"
    Then the response status should be 404
    When I send a POST request to "/api/organizations/${orgId}/jit/roles" with JSON:
      """
      {"organizationRoleIds": ["${roleId}"]}
      """
    Then the response status should be 201
    When I send a GET request to "/api/organizations/${orgId}/jit/roles"
    Then the response status should be 200
    And the response field "[0].id" should be "${roleId}"
    When I send a DELETE request to "/api/organizations/${orgId}/jit/roles/${roleId}"
    Then the response status should be 204
    When I send a POST request to "/api/organizations/${orgId}/jit/sso-connectors" with JSON:
      """
      {"ssoConnectorIds": ["nosso${unique}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.relation_foreign_key_not_found"
    When I send a GET request to "/api/organizations/noorg${unique}/jit/roles"
    Then the response status should be 404
    When I send a DELETE request to "/api/organization-roles/${roleId}"
    Then the response status should be 204
