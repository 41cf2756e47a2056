Feature: Applications
  Applications are the OAuth clients of the tenant's App ID OAuth server. A regular
  web application has a secret; a single-page application has none. Each defines
  scopes, and holds roles for the client credentials flow.

  Background:
    Given I am authenticated as the client

  Scenario: an application is registered, read, listed, renamed and deleted
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "app-${unique}", "type": "regularwebapp"}
      """
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "clientId" should exist
    And the response field "secret" should exist
    And the response field "tenantId" should be "${tenantId}"
    And the response field "type" should be "regularwebapp"
    And the response field "oAuthServerUrl" should match "/oauth/v4/"
    And the response field "discoveryEndpoint" should match "/\.well-known/openid-configuration$"
    And I store the response field "clientId" as "client"
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}"
    Then the response status should be 200
    And the response field "name" should be "app-${unique}"
    When I send a GET request to "/management/v4/${tenantId}/applications"
    Then the response status should be 200
    And the response field "applications" should contain an item with "clientId" equal to "${client}"
    When I send a PUT request to "/management/v4/${tenantId}/applications/${client}" with JSON:
      """
      {"name": "renamed-${unique}"}
      """
    Then the response status should be 201
    And the response field "name" should be "renamed-${unique}"
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}"
    Then the response field "name" should be "renamed-${unique}"
    When I send a DELETE request to "/management/v4/${tenantId}/applications/${client}"
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}"
    Then the response status should be 404
    And the response field "code" should be "NOT_FOUND"

  Scenario: a single-page application has no secret
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "spa-${unique}", "type": "singlepageapp"}
      """
    Then the response status should be 200
    And the response field "type" should be "singlepageapp"
    And the response field "secret" should not exist

  Scenario: an application defines scopes
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "scoped-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I send a GET request to "/management/v4/${tenantId}/applications/${client}/scopes"
    Then the response status should be 200
    And the response field "scopes" should have 0 items
    When I send a PUT request to "/management/v4/${tenantId}/applications/${client}/scopes" with JSON:
      """
      {"scopes": ["read", "write", "read"]}
      """
    Then the response status should be 200
    And the response field "scopes" should have 2 items
    When I send a GET request to "/management/v4/${tenantId}/applications/${client}/scopes"
    Then the response field "scopes[1]" should be "write"

  Scenario Outline: registering an application refuses <case> with 400
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                     | body                                                           |
      | no name                  | {"type": "regularwebapp"}                                      |
      | a name over 50 characters | {"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} |
      | an unknown type          | {"name": "x", "type": "nativeapp"}                             |

  Scenario Outline: <operation> of an application that does not exist is 404
    When I send a <method> request to "/management/v4/${tenantId}/applications/ghost-${unique}<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 404
    And the response field "code" should be "NOT_FOUND"

    Examples:
      | operation             | method | path    | body                   |
      | updateApplication     | PUT    |         | {"name": "x"}          |
      | deleteApplication     | DELETE |         | {}                     |
      | putApplicationsScopes | PUT    | /scopes | {"scopes": []}         |
      | putApplicationsRoles  | PUT    | /roles  | {"roles": {"ids": []}} |

  Scenario Outline: reading <what> of an application that does not exist is 404
    When I send a GET request to "/management/v4/${tenantId}/applications/ghost-${unique}<what>"
    Then the response status should be 404

    Examples:
      | what    |
      |         |
      | /scopes |
      | /roles  |

  Scenario: an application update needs a name
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "named-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I send a PUT request to "/management/v4/${tenantId}/applications/${client}" with JSON:
      """
      {}
      """
    Then the response status should be 400
