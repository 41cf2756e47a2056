Feature: Organization invitations

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/organizations" with JSON:
      """
      {"name": "Invites ${unique}"}
      """
    And I store the response field "id" as "orgId"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "guest-${unique}"}
      """
    And I store the response field "id" as "roleId"

  Scenario: an invitation must expire in the future
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "late_${unique}@example.test", "organizationId": "${orgId}", "expiresAt": 1}
      """
    Then the response status should be 400
    And the response field "code" should be "request.invalid_input"
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "not-an-email", "organizationId": "${orgId}", "expiresAt": 4102444800000}
      """
    Then the response status should be 400
    And the response field "data.issues[0].path[0]" should be "invitee"

  Scenario: an invitation is revoked, and a revoked one stays revoked
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "revoked_${unique}@example.test", "organizationId": "${orgId}", "expiresAt": 4102444800000, "organizationRoleIds": ["${roleId}"]}
      """
    Then the response status should be 201
    And the response field "status" should be "Pending"
    And the response field "organizationRoles[0].id" should be "${roleId}"
    And I store the response field "id" as "invitationId"
    When I send a GET request to "/api/organization-invitations?organizationId=${orgId}"
    Then the response status should be 200
    And the response field "[0].id" should be "${invitationId}"
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Revoked"}
      """
    Then the response status should be 200
    And the response field "status" should be "Revoked"
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Revoked"}
      """
    Then the response status should be 422
    And the response field "code" should be "request.invalid_input"
    When I send a DELETE request to "/api/organization-invitations/${invitationId}"
    Then the response status should be 204
    When I send a GET request to "/api/organization-invitations/${invitationId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"

  Scenario: accepting an invitation makes the invitee a member with its roles
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "invitee_${unique}", "primaryEmail": "invitee_${unique}@example.test"}
      """
    And I store the response field "id" as "userId"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "other_${unique}", "primaryEmail": "other_${unique}@example.test"}
      """
    And I store the response field "id" as "otherId"
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "invitee_${unique}@example.test", "organizationId": "${orgId}", "expiresAt": 4102444800000, "organizationRoleIds": ["${roleId}"], "messagePayload": false}
      """
    Then the response status should be 201
    And I store the response field "id" as "invitationId"
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Accepted"}
      """
    Then the response status should be 422
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Accepted", "acceptedUserId": "${otherId}"}
      """
    Then the response status should be 422
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Accepted", "acceptedUserId": "${userId}"}
      """
    Then the response status should be 200
    And the response field "status" should be "Accepted"
    And the response field "acceptedUserId" should be "${userId}"
    When I send a GET request to "/api/organizations/${orgId}/users/${userId}/roles"
    Then the response status should be 200
    And the response field "[0].id" should be "${roleId}"
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "invitee_${unique}@example.test", "organizationId": "${orgId}", "expiresAt": 4102444800000}
      """
    Then the response status should be 422
    And the response field "code" should be "request.invalid_input"

  @emulator
  Scenario: the invitation email goes through the email connector, and a pending invitation expires
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "inv-${unique}", "clients": [{"id": "inv${unique}", "secret": "InvSecret${unique}"}]}]}
      """
    And I use the tenant "inv-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | inv${unique}                        |
      | client_secret | InvSecret${unique}                  |
      | resource      | https://inv-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a POST request to "/api/organizations" with JSON:
      """
      {"name": "Mailed ${unique}"}
      """
    And I store the response field "id" as "mailedOrg"
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "mail_${unique}@example.test", "organizationId": "${mailedOrg}", "expiresAt": 4102444800000, "messagePayload": {"link": "https://app.example.test/invite?id=1"}}
      """
    Then the response status should be 501
    And the response field "code" should be "connector.not_found"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "simple-mail-transfer-protocol", "config": {"host": "smtp.example.test", "port": 25, "fromEmail": "noreply@example.test"}}
      """
    Then the response status should be 200
    When I send a POST request to "/api/organization-invitations" with JSON:
      """
      {"invitee": "mail_${unique}@example.test", "organizationId": "${mailedOrg}", "expiresAt": 4102444800000, "messagePayload": {"link": "https://app.example.test/invite?id=1", "code": "ABC123"}}
      """
    Then the response status should be 201
    And I store the response field "id" as "invitationId"
    And the outbox should have a message to "mail_${unique}@example.test" with purpose "OrganizationInvitation"
    When I send a POST request to "/api/organization-invitations/${invitationId}/message" with JSON:
      """
      {"link": "https://app.example.test/invite?id=2"}
      """
    Then the response status should be 204
    When I advance the clock by "700000h"
    And I request a token with form:
      | grant_type    | client_credentials                  |
      | client_id     | inv${unique}                        |
      | client_secret | InvSecret${unique}                  |
      | resource      | https://inv-${unique}.logto.app/api |
      | scope         | all                                 |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    And I send a GET request to "/api/organization-invitations/${invitationId}"
    Then the response status should be 200
    And the response field "status" should be "Expired"
    When I send a PUT request to "/api/organization-invitations/${invitationId}/status" with JSON:
      """
      {"status": "Revoked"}
      """
    Then the response status should be 422
