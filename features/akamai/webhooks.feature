@emulator
Feature: Webhooks v3
  Webhooks v3 subscriptions (/{customerId}/webhooks/subscriptions) send user profile
  events as signed Security Event Tokens to a listener. idemu only delivers to loopback
  listeners, keeps every event with its history, and records each attempt in the outbox.
  (The emulator stands in for the listener here: it is on loopback, and its Capture host
  answers HTTP 200 to any POST.)

  Background:
    When I call "/settings/get_default" with:
      | key | customer_id |
    And I store the response field "result" as "customer_id"
    And I use basic credentials "idemu-hl-config" and "idemu-hl-config-secret"
    And I send a POST request to "/${customer_id}/login/token" with form:
      | grant_type | client_credentials |
      | scope      | *:webhooks/**      |
    Then the response status should be 200
    And I store the response field "access_token" as "hooks"
    And I use the access token "${hooks}"

  Scenario: an event is delivered to a loopback listener
    When I send a POST request to "/${customer_id}/webhooks/subscriptions" with JSON:
      """
      {"title": "remote ${unique}", "endpoint": "https://hooks.example.com/in", "events": ["entityCreated"]}
      """
    Then the response should be a v1.api error with status 400
    When I send a POST request to "/${customer_id}/webhooks/subscriptions" with JSON:
      """
      {"title": "created ${unique}", "endpoint": "${base_url}/entity.count?hook=${unique}", "events": ["entityCreated"]}
      """
    Then the response status should be 201
    And the response field "enabled" should be true
    And the response field "customerId" should be "${customer_id}"
    And I store the response field "id" as "subscription"
    When I call "/entity.create" with:
      | type_name  | user                                |
      | attributes | {"email":"hook-${unique}@example.test"} |
    Then the response should be a Capture success
    And the outbox should have a message to "${base_url}/entity.count?hook=${unique}" with purpose "entityCreated"
    When I use the access token "${hooks}"
    And I send a GET request to "/${customer_id}/webhooks/subscriptions/${subscription}/events"
    Then the response status should be 200
    And the response field "_embedded.events" should have 1 item
    And the response field "_embedded.events[0].state" should be "success"
    And the response field "_embedded.events[0].type" should be "entityCreated"
    When I send a DELETE request to "/${customer_id}/webhooks/subscriptions/${subscription}"
    Then the response status should be 204

  Scenario: a failed delivery, its history and a redelivery
    When I send a POST request to "/${customer_id}/webhooks/subscriptions" with JSON:
      """
      {"title": "failing ${unique}", "endpoint": "${base_url}/no-listener-${unique}", "events": ["entityCreated", "entityUpdated"]}
      """
    Then the response status should be 201
    And I store the response field "id" as "subscription"
    When I call "/entity.create" with:
      | type_name  | user                                    |
      | attributes | {"email":"failing-${unique}@example.test"} |
    Then the response should be a Capture success
    When I use the access token "${hooks}"
    And I send a GET request to "/${customer_id}/webhooks/subscriptions/${subscription}/events"
    Then the response field "_embedded.events[0].state" should be "failure"
    And I store the response field "_embedded.events[0].id" as "event"
    When I send a GET request to "/${customer_id}/webhooks/subscriptions/${subscription}/events/${event}/history"
    Then the response status should be 200
    And the response field "_embedded.history" should have 3 items
    And the response field "_embedded.history[2].statusCode" should be the number 404
    When I send a POST request to "/${customer_id}/webhooks/subscriptions/${subscription}/events/${event}/redelivery"
    Then the response status should be 202
    And the response field "attempts" should be the number 2
    When I send a PATCH request to "/${customer_id}/webhooks/subscriptions/${subscription}" with JSON:
      """
      {"enabled": false}
      """
    Then the response status should be 200
    When I send a POST request to "/${customer_id}/webhooks/subscriptions/${subscription}/events/${event}/redelivery"
    Then the response should be a v1.api error with status 409
    When I send a DELETE request to "/${customer_id}/webhooks/subscriptions/${subscription}"
    Then the response status should be 204
