Feature: Legacy settings API
  Settings are strings kept per app (defaults) and per client; a client's own value wins
  over the app's. A client's settings can also be published for client-side use.

  Background:
    When I call "/clients/add" with:
      | description | settings ${unique} |
      | features    | ["login_client"]   |
    Then I store the response field "client_id" as "cid"

  Scenario: client values fall back to the application's
    When I call "/settings/set_default" with:
      | key   | suite_${unique} |
      | value | app             |
    Then the response should be a Capture success
    And the response field "result" should be false
    When I call "/settings/get" with:
      | key           | suite_${unique} |
      | for_client_id | ${cid}          |
    Then the response field "result" should be "app"
    When I call "/settings/set" with:
      | key           | suite_${unique} |
      | value         | client          |
      | for_client_id | ${cid}          |
    Then the response field "result" should be false
    When I call "/settings/get" with:
      | key           | suite_${unique} |
      | for_client_id | ${cid}          |
    Then the response field "result" should be "client"
    When I call "/settings/get_default" with:
      | key | suite_${unique} |
    Then the response field "result" should be "app"
    When I call "/settings/delete" with:
      | key           | suite_${unique} |
      | for_client_id | ${cid}          |
    Then the response field "result" should be true
    When I call "/settings/get" with:
      | key           | suite_${unique} |
      | for_client_id | ${cid}          |
    Then the response field "result" should be "app"
    When I call "/settings/delete_default" with:
      | key | suite_${unique} |
    Then the response field "result" should be true
    When I call "/settings/get" with:
      | key           | suite_${unique} |
      | for_client_id | ${cid}          |
    Then the response field "result" should be null

  Scenario: several settings at once
    When I call "/settings/set_default_multi" with:
      | items | {"a_${unique}":"1","b_${unique}":"2"} |
    Then the response field "result.a_${unique}" should be false
    When I call "/settings/set_multi" with:
      | for_client_id | ${cid}              |
      | items         | {"b_${unique}":"20"} |
    Then the response should be a Capture success
    When I call "/settings/get_multi" with:
      | for_client_id | ${cid}                                   |
      | keys          | ["a_${unique}","b_${unique}","c_${unique}"] |
    Then the response field "result.a_${unique}" should be "1"
    And the response field "result.b_${unique}" should be "20"
    And the response field "result.c_${unique}" should be null
    When I call "/settings/items" with:
      | for_client_id | ${cid} |
    Then the response field "result.b_${unique}" should be "20"
    When I call "/settings/keys" with:
      | for_client_id | ${cid} |
    Then the response should be a Capture success
    And the response field "result" should exist
    When I call "/settings/delete_default" with:
      | key | a_${unique} |
    And I call "/settings/delete_default" with:
      | key | b_${unique} |
    Then the response field "result" should be true
    When I call "/settings/set_multi" with:
      | for_client_id | ${cid}   |
      | items         | not json |
    Then the response should be the Capture error 200 "invalid_argument"

  Scenario: published settings
    When I call "/settings/set_multi" with:
      | for_client_id | ${cid}                                                         |
      | items         | {"minimum_age":"13","jump_publish_settings":"[\"minimum_age\"]"} |
    Then the response should be a Capture success
    When I call "/settings/widget/publish" with:
      | for_client_id | ${cid} |
    Then the response should be a Capture success
    And the response field "result.version" should be the number 1
    And the response field "result.settings.minimum_age" should be "13"
    When I call "/settings/widget/get" with:
      | for_client_id | ${cid} |
      | version       | 1      |
    Then the response field "result.settings.minimum_age" should be "13"
    When I call "/settings/widget/list" with:
      | for_client_id | ${cid} |
    Then the response field "results" should have 3 items
    When I call "/settings/widget/delete" with:
      | for_client_id | ${cid} |
    Then the response should be a Capture success
    When I call "/settings/widget/get" with:
      | for_client_id | ${cid} |
    Then the response should be the Capture error 200 "invalid_argument"
