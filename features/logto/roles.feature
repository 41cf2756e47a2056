Feature: Roles, their users, applications and scopes

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "editor-${unique}", "description": "Edits things"}
      """
    Then the response status should be 200
    And I store the response field "id" as "roleId"

  Scenario: a role is created as a user role and read back
    Then the response field "type" should be "User"
    And the response field "isDefault" should be false
    And the response field "id" should match "^[0-9a-z]{21}$"
    When I send a GET request to "/api/roles/${roleId}"
    Then the response status should be 200
    And the response field "name" should be "editor-${unique}"
    When I send a GET request to "/api/roles/norole${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"

  Scenario: a taken role name is 422 role.name_in_use
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "editor-${unique}", "description": "again"}
      """
    Then the response status should be 422
    And the response field "code" should be "role.name_in_use"
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "editor-${unique}"}
      """
    Then the response status should be 400
    And the response field "data.issues[0].path[0]" should be "description"

  Scenario: a role is renamed, searched and listed with its member counts
    When I send a PATCH request to "/api/roles/${roleId}" with JSON:
      """
      {"name": "writer-${unique}", "isDefault": true}
      """
    Then the response status should be 200
    And the response field "name" should be "writer-${unique}"
    And the response field "isDefault" should be true
    When I send a GET request to "/api/roles?search.name=writer-${unique}"
    Then the response status should be 200
    And the response field "$" should have 1 item
    And the response field "[0].usersCount" should be the number 0
    And the response header "Total-Number" should be "1"

  Scenario: users are assigned to a role, and a deleted role leaves them
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "member_${unique}"}
      """
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/roles/${roleId}/users" with JSON:
      """
      {"userIds": ["${userId}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/roles/${roleId}/users" with JSON:
      """
      {"userIds": ["${userId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "role.user_exists"
    When I send a GET request to "/api/roles/${roleId}/users"
    Then the response status should be 200
    And the response field "[0].id" should be "${userId}"
    When I send a GET request to "/api/users/${userId}/roles"
    Then the response field "[0].id" should be "${roleId}"
    When I send a DELETE request to "/api/roles/${roleId}"
    Then the response status should be 204
    When I send a GET request to "/api/users/${userId}/roles"
    Then the response status should be 200
    And the response field "$" should have 0 items

  Scenario: a user's roles are assigned, replaced and removed
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "holder_${unique}"}
      """
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/users/${userId}/roles" with JSON:
      """
      {"roleIds": ["${roleId}"]}
      """
    Then the response status should be 201
    And the response field "addedRoleIds[0]" should be "${roleId}"
    When I send a POST request to "/api/users/${userId}/roles" with JSON:
      """
      {"roleIds": ["norole${unique}"]}
      """
    Then the response status should be 404
    When I send a PUT request to "/api/users/${userId}/roles" with JSON:
      """
      {"roleIds": []}
      """
    Then the response status should be 200
    When I send a GET request to "/api/users/${userId}/roles"
    Then the response field "$" should have 0 items
    When I send a DELETE request to "/api/users/${userId}/roles/${roleId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"
    When I send a DELETE request to "/api/roles/${roleId}/users/${userId}"
    Then the response status should be 404

  Scenario: a machine-to-machine role cannot go to a user, nor a user role to an application
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "robot-${unique}", "description": "M2M", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "m2mRole"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "human_${unique}"}
      """
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/users/${userId}/roles" with JSON:
      """
      {"roleIds": ["${m2mRole}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "user.invalid_role_type"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "robot-${unique}", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "appId"
    When I send a POST request to "/api/roles/${roleId}/applications" with JSON:
      """
      {"applicationIds": ["${appId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "application.invalid_role_type"
    When I send a POST request to "/api/roles/${m2mRole}/applications" with JSON:
      """
      {"applicationIds": ["${appId}"]}
      """
    Then the response status should be 201
    When I send a GET request to "/api/roles/${m2mRole}/applications"
    Then the response field "[0].id" should be "${appId}"
    When I send a DELETE request to "/api/roles/${m2mRole}/applications/${appId}"
    Then the response status should be 204
    When I send a DELETE request to "/api/applications/${appId}"
    Then the response status should be 204

  Scenario: assigning a role grants its scopes in the application's next token
    When I send a POST request to "/api/resources" with JSON:
      """
      {"name": "Orders ${unique}", "indicator": "https://orders-${unique}.example.test"}
      """
    Then the response status should be 201
    And I store the response field "id" as "resourceId"
    When I send a POST request to "/api/resources/${resourceId}/scopes" with JSON:
      """
      {"name": "read:orders", "description": "Read orders"}
      """
    Then the response status should be 201
    And I store the response field "id" as "scopeId"
    When I send a POST request to "/api/roles" with JSON:
      """
      {"name": "reader-${unique}", "description": "Reads orders", "type": "MachineToMachine", "scopeIds": ["${scopeId}"]}
      """
    Then the response status should be 200
    And I store the response field "id" as "readerRole"
    When I send a GET request to "/api/roles/${readerRole}/scopes"
    Then the response status should be 200
    And the response field "[0].name" should be "read:orders"
    And the response field "[0].resource.id" should be "${resourceId}"
    When I send a POST request to "/api/applications" with JSON:
      """
      {"name": "orders-${unique}", "type": "MachineToMachine"}
      """
    And I store the response field "id" as "appId"
    When I send a GET request to "/api/applications/${appId}/secrets"
    And I store the response field "[0].value" as "appSecret"
    When I request a token with form:
      | grant_type    | client_credentials                    |
      | client_id     | ${appId}                              |
      | client_secret | ${appSecret}                          |
      | resource      | https://orders-${unique}.example.test |
      | scope         | read:orders                           |
    Then the response status should be 200
    And the response field "scope" should not exist
    Given I am authenticated as the client
    When I send a POST request to "/api/applications/${appId}/roles" with JSON:
      """
      {"roleIds": ["${readerRole}"]}
      """
    Then the response status should be 201
    When I request a token with form:
      | grant_type    | client_credentials                    |
      | client_id     | ${appId}                              |
      | client_secret | ${appSecret}                          |
      | resource      | https://orders-${unique}.example.test |
      | scope         | read:orders write:orders              |
    Then the response status should be 200
    And the response field "scope" should be "read:orders"
    Given I am authenticated as the client
    When I send a DELETE request to "/api/roles/${readerRole}/scopes/${scopeId}"
    Then the response status should be 204
    When I send a GET request to "/api/roles/${readerRole}/scopes"
    Then the response field "$" should have 0 items
    When I send a POST request to "/api/roles/${readerRole}/scopes" with JSON:
      """
      {"scopeIds": ["${scopeId}"]}
      """
    Then the response status should be 201
    When I send a POST request to "/api/roles/${readerRole}/scopes" with JSON:
      """
      {"scopeIds": ["${scopeId}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "role.scope_exists"
    When I send a DELETE request to "/api/applications/${appId}"
    Then the response status should be 204
    When I send a DELETE request to "/api/resources/${resourceId}"
    Then the response status should be 204
