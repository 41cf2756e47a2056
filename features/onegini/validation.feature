Feature: Request validation
  A body that is not JSON, a value of the wrong type or outside its enum, and a missing
  body are 400; a body in another media type is 415. Both have empty bodies and change
  nothing. Properties the model does not have are ignored, as the real service's JSON
  binding does.

  Scenario Outline: <operation> with a body that is not JSON is 400
    Given I am authenticated as the client
    When I send a <method> request to "<path>" with body "{not json" of type "application/json"
    Then the response status should be 400
    And the response body should be empty

    Examples:
      | operation                  | method | path                                                  |
      | updateAttributes           | POST   | /api/v2/attributes                                    |
      | updateCIMConfiguration     | POST   | /api/v2/config                                        |
      | updateCustomMessages       | PUT    | /api/v2/config/custom-messages                        |
      | updateLocaleCustomMessages | PUT    | /api/v2/config/custom-messages/nl/batch               |
      | updateFeatures             | POST   | /api/v2/config/features                               |
      | addWhitelistedUrl          | POST   | /api/v2/config/features/action-token/whitelisted-urls |
      | updateStepUp               | POST   | /api/v2/config/step-up                                |
      | updateUIExtension          | POST   | /api/v2/config/ui-extension                           |

  Scenario Outline: <operation> with a body in another media type is 415
    Given I am authenticated as the client
    When I send a <method> request to "<path>" with body "{}" of type "text/plain"
    Then the response status should be 415
    And the response body should be empty

    Examples:
      | operation                  | method | path                                                  |
      | updateAttributes           | POST   | /api/v2/attributes                                    |
      | updateCIMConfiguration     | POST   | /api/v2/config                                        |
      | updateCustomMessages       | PUT    | /api/v2/config/custom-messages                        |
      | updateLocaleCustomMessages | PUT    | /api/v2/config/custom-messages/nl/batch               |
      | updateFeatures             | POST   | /api/v2/config/features                               |
      | addWhitelistedUrl          | POST   | /api/v2/config/features/action-token/whitelisted-urls |
      | updateStepUp               | POST   | /api/v2/config/step-up                                |
      | updateUIExtension          | POST   | /api/v2/config/ui-extension                           |

  Scenario Outline: a write without a body is 400 (<path>)
    Given I am authenticated as the client
    When I send a <method> request to "<path>"
    Then the response status should be 400
    And the response body should be empty

    Examples:
      | method | path                           |
      | POST   | /api/v2/config/ui-extension    |
      | PUT    | /api/v2/config/custom-messages |

  Scenario Outline: <case> is 400 and changes nothing
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config"
    Then the response status should be 200
    And I store the response field "ui_extension.login_path" as "old_login_path"
    When I send a <method> request to "<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response body should be empty
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response field "login_path" should be "${old_login_path}"

    Examples:
      | case                                  | method | path                        | body                                                                                    |
      | a text where a boolean belongs        | POST   | /api/v2/config/ui-extension | {"login_path": "/bad-${unique}", "enable_login_redirect": "yes"}                        |
      | a number where a text belongs         | POST   | /api/v2/config/ui-extension | {"login_path": 7}                                                                       |
      | null for a field                      | POST   | /api/v2/config/ui-extension | {"login_path": null}                                                                    |
      | a fraction where an integer belongs   | POST   | /api/v2/config              | {"ui_extension": {"login_path": "/bad-${unique}"}, "step_up": {"actions": {"default_step_up_authentication_level": 2.5}}} |
      | an unknown stategy                    | POST   | /api/v2/config              | {"ui_extension": {"login_path": "/bad-${unique}"}, "step_up": {"stategy": "RANDOM"}}     |
      | an unknown login method type          | POST   | /api/v2/config              | {"ui_extension": {"login_path": "/bad-${unique}"}, "login_methods": {"login_methods": [{"type": "MYSPACE"}]}} |
      | an unknown person activation type     | POST   | /api/v2/config              | {"ui_extension": {"login_path": "/bad-${unique}"}, "features": {"person_activation": {"type": "SMS"}}} |
      | a list where an object belongs        | POST   | /api/v2/config              | {"ui_extension": {"login_path": "/bad-${unique}"}, "attributes": {"verification": []}}  |
      | a unit that is not an object          | POST   | /api/v2/config              | {"ui_extension": "/bad-${unique}"}                                                      |
      | an array as the body                  | POST   | /api/v2/config/ui-extension | [{"login_path": "/bad-${unique}"}]                                                      |

  Scenario Outline: a value outside the model is 400 (<case>)
    Given I am authenticated as the client
    When I send a POST request to "<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | case                  | path                    | body                                                     |
      | step-up stategy       | /api/v2/config/step-up  | {"stategy": "user_preference"}                           |
      | person activation     | /api/v2/config/features | {"person_activation": {"type": "LETTER"}}                |
      | a boolean as a text   | /api/v2/config/features | {"sms_enabled": "true"}                                  |
      | a number as a boolean | /api/v2/attributes      | {"name_visible_on_dashboard": 1}                         |

  Scenario: a property the model does not have is ignored
    Given I am authenticated as the client
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response status should be 200
    And I store the response field "login_path" as "old_login_path"
    When I send a POST request to "/api/v2/config/ui-extension" with JSON:
      """
      {"idemu_unknown_property": "ignored", "loginPath": "/camel-case-is-not-the-field", "login_path": "${old_login_path}"}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/ui-extension"
    Then the response status should be 200
    And the response field "login_path" should be "${old_login_path}"
    And the response field "idemu_unknown_property" should not exist
    And the response field "loginPath" should not exist
