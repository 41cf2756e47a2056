Feature: Roles
  A role grants scopes of applications; users and applications hold roles. Role names
  are unique in a tenant, a role can only grant scopes its applications define, and a
  deleted role is taken away from everyone who held it.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "roles-app-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I send a PUT request to "/management/v4/${tenantId}/applications/${client}/scopes" with JSON:
      """
      {"scopes": ["read", "write"]}
      """

  Scenario: a role is created, read, listed, updated, assigned and deleted
    When I send a POST request to "/management/v4/${tenantId}/roles" with JSON:
      """
      {"name": "editor-${unique}", "description": "edits", "access": [{"application_id": "${client}", "scopes": ["read", "write"]}]}
      """
    Then the response status should be 201
    And the response field "id" should exist
    And the response field "access[0].scopes" should have 2 items
    And I store the response field "id" as "role"
    When I send a GET request to "/management/v4/${tenantId}/roles/${role}"
    Then the response status should be 200
    And the response field "description" should be "edits"
    When I send a GET request to "/management/v4/${tenantId}/roles"
    Then the response field "roles" should contain an item with "id" equal to "${role}"
    When I send a PUT request to "/management/v4/${tenantId}/roles/${role}" with JSON:
      """
      {"name": "reader-${unique}", "access": [{"application_id": "${client}", "scopes": ["read"]}]}
      """
    Then the response status should be 200
    And the response field "name" should be "reader-${unique}"
    When I send a PUT request to "/management/v4/${tenantId}/applications/${client}/roles" with JSON:
      """
      {"roles": {"ids": ["${role}"]}}
      """
    Then the response status should be 200
    And the response field "roles[0].name" should be "reader-${unique}"
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}/roles"
    Then the response field "roles[0].id" should be "${role}"
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "ibmid", "idp-identity": "ibmid-${unique}"}
      """
    And I store the response field "id" as "profile"
    And I send a PUT request to "/management/v4/${tenantId}/users/${profile}/roles" with JSON:
      """
      {"roles": {"ids": ["${role}"]}}
      """
    Then the response status should be 200
    And the response field "roles[0].id" should be "${role}"
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/roles"
    Then the response field "roles[0].name" should be "reader-${unique}"
    When I send a DELETE request to "/management/v4/${tenantId}/roles/${role}"
    Then the response status should be 202
    When I send a GET request to "/management/v4/${tenantId}/roles/${role}"
    Then the response status should be 404
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/roles"
    Then the response field "roles" should have 0 items
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}/roles"
    Then the response field "roles" should have 0 items

  Scenario: role names are unique
    When I send a POST request to "/management/v4/${tenantId}/roles" with JSON:
      """
      {"name": "unique-${unique}", "access": []}
      """
    Then the response status should be 201
    When I send a POST request to "/management/v4/${tenantId}/roles" with JSON:
      """
      {"name": "UNIQUE-${unique}", "access": []}
      """
    Then the response status should be 409
    And the response field "code" should be "CONFLICT"

  Scenario Outline: a role refuses <case> with 400
    When I send a POST request to "/management/v4/${tenantId}/roles" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                       | body                                                                                       |
      | no name                    | {"access": []}                                                                             |
      | no access                  | {"name": "r-${unique}"}                                                                    |
      | an unknown application     | {"name": "r-${unique}", "access": [{"application_id": "ghost-${unique}", "scopes": []}]}   |
      | a scope the app lacks      | {"name": "r-${unique}", "access": [{"application_id": "${client}", "scopes": ["delete"]}]} |

  Scenario: assigning a role that does not exist is 400
    When I send a PUT request to "/management/v4/${tenantId}/applications/${client}/roles" with JSON:
      """
      {"roles": {"ids": ["ghost-${unique}"]}}
      """
    Then the response status should be 400

  Scenario Outline: <operation> of a role that does not exist is 404
    When I send a <method> request to "/management/v4/${tenantId}/roles/ghost-${unique}" with JSON:
      """
      {"name": "x", "access": []}
      """
    Then the response status should be 404

    Examples:
      | operation  | method |
      | updateRole | PUT    |
      | deleteRole | DELETE |

  Scenario: reading a role that does not exist is 404
    When I send a GET request to "/management/v4/${tenantId}/roles/ghost-${unique}"
    Then the response status should be 404
